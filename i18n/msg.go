package i18n

// Msg is a sentence made where the language is not known yet (a package
// below the screens, such as config, refusing a value): its message id and
// placeholders, said later in the reader's language with In. As an error
// it reads in English.
type Msg struct {
	ID   string
	Args []any // name, value pairs, as for T
}

// M is the message id with its placeholders (name, value pairs).
func M(id string, args ...any) Msg { return Msg{ID: id, Args: args} }

// In is the sentence in l's language (English for a nil l).
func (m Msg) In(l *Localizer) string { return l.T(m.ID, m.Args...) }

// Error implements error: the sentence in English.
func (m Msg) Error() string { return m.In(nil) }
