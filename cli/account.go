package cli

// accountCommands are the twins of the screens' actions, in the order of
// the screens.
var accountCommands = []topLevel{profileTop, customDataTop, avatarTop, emailTop, phoneTop, passwordTop, identitiesTop,
	mfaTop, tokensTop, sessionsTop, appsTop, historyTop, checkupTop, exportTop, accountTop}

// adminCommands are the operator's commands.
var adminCommands = []topLevel{usersTop, keysTop}

// twins names the screens' keys a command is the twin of, as
// "package.KeyMapField" (tokens.New): the test of every screen action
// having a command reads the screens' real key maps against these.
func twins(keys ...string) map[string]string {
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += " "
		}
		out += k
	}
	return map[string]string{"twins": out}
}
