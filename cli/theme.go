package cli

import (
	"image/color"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
)

// helpColours is fang's colour scheme, made cheap. Where people's output
// carries no colour (not a terminal, or NO_COLOR) every colour is none, so
// the help is laid out as on a terminal with nothing computed to be thrown
// away. On a colour terminal it is fang's own scheme with each colour read
// once: charmtone's colours parse their hex string on every use, which was
// a third of the help's start-up time (BenchmarkStartupCPU).
func (e *Env) helpColours(c lipgloss.LightDarkFunc) fang.ColorScheme {
	if !e.colour() {
		none := lipgloss.NoColor{}
		return fang.ColorScheme{Base: none, Title: none, Description: none, Codeblock: none, Program: none,
			DimmedArgument: none, Comment: none, Flag: none, FlagDefault: none, Command: none, QuotedString: none,
			Argument: none, Help: none, Dash: none, ErrorHeader: [2]color.Color{none, none}, ErrorDetails: none}
	}
	s := fang.DefaultColorScheme(c)
	for _, p := range []*color.Color{&s.Base, &s.Title, &s.Description, &s.Codeblock, &s.Program, &s.DimmedArgument,
		&s.Comment, &s.Flag, &s.FlagDefault, &s.Command, &s.QuotedString, &s.Argument, &s.Help, &s.Dash,
		&s.ErrorHeader[0], &s.ErrorHeader[1], &s.ErrorDetails} {
		*p = flat(*p)
	}
	return s
}

// flat reads a colour once into a plain value (nil stays nil).
func flat(c color.Color) color.Color {
	if c == nil {
		return nil
	}
	r, g, b, a := c.RGBA()
	return color.RGBA64{R: uint16(r), G: uint16(g), B: uint16(b), A: uint16(a)}
}
