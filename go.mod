module github.com/logto-account/logto-account

go 1.26
