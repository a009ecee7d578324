package danger

// typeWhenNoUser is what Expected asks to be typed when there is no user
// to name (never on a screen, which waits for the user first). Like the
// username it stands for, it is the same in every language: a script's
// `account delete --confirm TEXT` must not depend on the language of the
// terminal that runs it.
const typeWhenNoUser = "delete my account"
