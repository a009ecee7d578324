package sessions

// This file holds names that are the same in every language: products and
// systems a user agent names, as their makers spell them. The sentences
// around them are the catalogues' (sessions.toml).

// browsers are the user-agent tokens of browsers and clients, most
// specific first (Edge and Opera say Chrome too): product names (not words).
var browsers = []struct{ token, name string }{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
	{"HeadlessChrome", "Headless Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	{"logto-account", "logto-account"}}

// systems are the user-agent tokens of operating systems (phones first:
// they say Mac OS X and Linux too): product names (not words).
var systems = []struct{ token, name string }{{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"},
	{"Mac OS X", "macOS"}, {"Windows", "Windows"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}}

// productName is this program's name, for its own app in the history.
const productName = "logto-account"
