package mfa

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/termqr"
	"github.com/logto-account/logto-account/tui/common"
)

func codeText(codes []logto.Secret) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c.Reveal()
	}
	return strings.Join(parts, "\n")
}

// factorWords names a tenant's factor (Logto's Totp, WebAuthn, ...) in words.
func factorWords(f string) string {
	switch f {
	case logto.FactorTOTP:
		return "authenticator app"
	case logto.FactorWebAuthn:
		return "passkeys"
	case logto.FactorBackupCode:
		return "backup codes"
	case "EmailVerificationCode":
		return "codes by email"
	case "PhoneVerificationCode":
		return "codes by text message"
	}
	return common.Clean(f)
}

func factorName(f logto.MFAVerification) string {
	switch f.Type {
	case logto.FactorTOTP:
		return "Authenticator app"
	case logto.FactorWebAuthn:
		if f.Name != "" {
			return "Passkey " + common.Clean(f.Name)
		}
		return "Passkey"
	case logto.FactorBackupCode:
		return "Backup codes"
	}
	return f.Type
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	switch m.mode {
	case addingTOTP:
		return m.totpView()
	case showingCodes, saving:
		return m.codesView()
	case passkeyInfo:
		return m.passkeyView()
	}
	var b strings.Builder
	b.WriteString(s.Header.Render(m.C.Whose(true)+" two-step methods") + "\n")
	switch {
	case m.C.Hidden(logto.FieldMFA):
		b.WriteString(s.Muted.Render("  not shared with this app by your tenant's Account Center: they cannot be seen or changed here") + "\n")
	case !m.loaded || m.factors == nil && m.err == "":
		b.WriteString(s.Muted.Render("  loading…") + "\n")
	case len(m.factors) == 0:
		b.WriteString(s.Muted.Render("  none yet — press t to add an authenticator app") + "\n")
	}
	for i, f := range m.factors {
		marker := "  "
		if i == m.cur {
			marker = s.Focused.Render("› ")
		}
		line := fmt.Sprintf("%-20s added %s", factorName(f), f.CreatedAt.UTC().Format("2006-01-02"))
		switch f.Type {
		case logto.FactorWebAuthn:
			line += "  " + common.Clean(f.Agent)
			if !f.LastUsedAt.IsZero() {
				line += ", last used " + f.LastUsedAt.UTC().Format("2006-01-02")
			}
		case logto.FactorBackupCode:
			if f.RemainCodes != nil {
				line += fmt.Sprintf("  %d left", *f.RemainCodes)
				if *f.RemainCodes <= LowCodes {
					line += s.Warning.Render(" — running low: press b for a new set")
				}
			}
		}
		b.WriteString(marker + line + "\n")
	}
	if set := m.settingsView(); set != "" {
		b.WriteString("\n" + set + "\n")
	}
	b.WriteString("\n" + m.policyView() + "\n")
	switch m.mode {
	case confirmRemove:
		label := m.asked.(removeMsg).label // "Authenticator app": a list's label, lowered mid-sentence
		b.WriteString("\n" + s.Warning.Render("Remove the "+strings.ToLower(label[:1])+label[1:]+"? (y/n)") + "\n")
	case confirmBackups:
		b.WriteString("\n" + s.Warning.Render("That was the last authenticator. Remove the backup codes too? (y/n)") + "\n")
	case confirmRegenerate:
		b.WriteString("\n" + s.Warning.Render("Make a new set of backup codes? The unused old ones stop working. (y/n)") + "\n")
	case renaming:
		b.WriteString("\n" + s.Label.Render("New name: ") + m.name.Input.View() + s.Muted.Render("  enter save · esc cancel") + "\n")
	}
	b.WriteString(common.Footer(s, m.err))
	return strings.TrimRight(b.String(), "\n")
}

// passkeyView hands adding a passkey to the tenant's account page: its
// address (a hyperlink, c copies it) and its QR code for a phone.
func (m *Model) passkeyView() string {
	s := m.C.Styles
	page := common.Clean(m.deps.AccountPage)
	text := func(width int) string {
		var b strings.Builder
		b.WriteString(s.Header.Render("Add a passkey") + "\n\n")
		b.WriteString(common.Wrap("Passkeys are made by your browser or phone, so add one on the tenant's account page "+
			"(c copies its address; scan the code with your phone):", width) + "\n")
		for _, part := range common.Fold(page, width) {
			b.WriteString(ansi.SetHyperlink(page, "id=logto-account-passkey") + s.Title.Render(part) + ansi.ResetHyperlink() + "\n")
		}
		b.WriteString("\n" + s.Muted.Render(common.Wrap("The list here shows the passkey once it is added. Any other key goes back.", width)))
		return b.String()
	}
	view, ok := m.pageQR.Beside(text, page, m.C.Dark, m.w, m.h)
	m.pageBeside = ok
	if !ok {
		hint := "o shows the address as a QR code filling the window."
		if !m.qrKey().Enabled() {
			hint = "Enlarge the window to see the address as a QR code."
		}
		view += "\n" + s.Muted.Render(common.Wrap(hint, max(20, m.w)))
	}
	return view
}

// FullView implements common.FullViewer: the account page's QR code filling
// the window, when the user asked for it.
func (m *Model) FullView(w, h int) string {
	if m.mode != passkeyInfo || !m.whole {
		return ""
	}
	return m.pageQR.Alone(common.Clean(m.deps.AccountPage), m.C.Dark, w, h)
}

func (m *Model) policyView() string {
	s := m.C.Styles
	if m.C.SignInExp == nil {
		return ""
	}
	p := m.C.SignInExp.MFA
	words := map[string]string{
		"UserControlled":                   "optional — you decide (the tenant uses the legacy UserControlled policy)",
		"Mandatory":                        "required for everyone",
		"PromptAtSignInAndSignUp":          "optional — suggested at sign-up and sign-in",
		"PromptOnlyAtSignIn":               "optional — suggested at sign-in",
		"NoPrompt":                         "optional — never suggested",
		"PromptAtSignInAndSignUpMandatory": "required, set up at sign-up or sign-in",
	}
	w, ok := words[p.Policy]
	if !ok {
		w = p.Policy
	}
	out := s.Label.Render("Tenant policy: ") + w
	if len(p.Factors) == 0 {
		out += "\n" + s.Warning.Render("This tenant has no two-step method switched on: methods added here are not asked for at sign-in.")
	} else {
		names := make([]string, len(p.Factors))
		for i, f := range p.Factors {
			names[i] = factorWords(f)
		}
		out += "\n" + s.Label.Render("Enabled on this tenant: ") + strings.Join(names, ", ")
	}
	return out
}

func (m *Model) totpView() string {
	s := m.C.Styles
	// The code goes beside the text when there is room (it needs every line
	// of an 80×24 window), else below it, else the URI is given as text.
	for _, quiet := range []int{2, 1} {
		qr := m.totpQR(quiet)
		qw, qh := termqr.Width(qr), strings.Count(qr, "\n")+1
		if tw := m.w - qw - 2; tw >= 34 && qh <= m.h {
			if text := m.totpText(tw, false); strings.Count(text, "\n")+1 <= m.h {
				return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(tw+2).Render(text), qr)
			}
		}
		if text := m.totpText(m.w, false); qw <= m.w && strings.Count(text, "\n")+1+qh <= m.h {
			return text + "\n" + qr
		}
	}
	return m.totpText(m.w, true) + "\n" + s.Muted.Render("(window too small for the QR code; enlarge it, or use this link)") +
		"\n" + common.Clean(m.uri)
}

// totpQR draws the URI's code with a quiet zone of quiet modules, once.
func (m *Model) totpQR(quiet int) string {
	if m.qr[quiet] == "" {
		m.qr[quiet], _ = termqr.RenderQuiet(m.uri, quiet, !m.C.Dark)
	}
	return m.qr[quiet]
}

// totpText is the enrolment's words, wrapped to width.
func (m *Model) totpText(width int, tight bool) string {
	s := m.C.Styles
	wrap := func(text string) string { return common.Wrap(text, max(10, width)) }
	var b strings.Builder
	b.WriteString(s.Header.Render("Add an authenticator app") + "\n")
	if m.replace != "" {
		b.WriteString(s.Warning.Render(wrap("This replaces the current authenticator app once the new code checks.")) + "\n")
	}
	if !tight {
		b.WriteString("\n")
	}
	b.WriteString(wrap("Scan the code with your app, or type the secret:") + "\n")
	secret := grouped(m.secret)
	if lipgloss.Width(secret) > width {
		// four groups a line: the secret must never be cut
		g := strings.Fields(secret)
		secret = strings.Join(g[:min(4, len(g))], " ") + "\n" + strings.Join(g[min(4, len(g)):], " ")
	}
	b.WriteString(s.Code.Render(secret) + "\n")
	if !tight {
		b.WriteString("\n")
	}
	b.WriteString(wrap("Then type the 6-digit code it shows:") + "\n" + m.code.Input.View())
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(wrap(m.err)))
	}
	return b.String()
}

func (m *Model) codesView() string {
	s := m.C.Styles
	var b strings.Builder
	b.WriteString(s.Header.Render(m.C.Whose(true)+" backup codes") + s.Warning.Render("  shown only now — keep them safe") + "\n\n")
	for i := 0; i < len(m.codes); i += 2 {
		line := "  " + s.Code.Render(m.codes[i].Reveal())
		if i+1 < len(m.codes) {
			line += "    " + s.Code.Render(m.codes[i+1].Reveal())
		}
		b.WriteString(line + "\n")
	}
	words := "Each code works once. c copies them"
	if m.canSave() {
		words += ", w saves them to a file"
	}
	b.WriteString("\n" + common.Wrap(words+"; enter when you have stored them.", max(20, m.w)) + "\n")
	if m.mode == saving {
		b.WriteString("\n" + s.Label.Render("Save them to a new file, readable only by you:") + "\n")
		b.WriteString(wrappedInput(m.path, max(20, m.w-1)) + "\n")
		if m.note != "" {
			b.WriteString(s.Muted.Render(common.Wrap(m.note, max(20, m.w))) + "\n")
		}
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(common.Wrap(m.err, max(20, m.w))) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrappedInput draws a field's text whole over as many lines as it needs,
// with its cursor: a one-line input scrolls to its cursor, and a long path
// lost its leading "/" (which folder the file goes to).
func wrappedInput(f *common.Field, width int) string {
	r := []rune(f.Input.Value())
	pos := min(max(0, f.Input.Position()), len(r))
	at := " "
	rest := ""
	if pos < len(r) {
		at, rest = string(r[pos]), string(r[pos+1:])
	}
	text := common.Clean(string(r[:pos])) + lipgloss.NewStyle().Reverse(true).Render(at) + common.Clean(rest)
	return strings.Join(common.Fold(text, width), "\n")
}

func grouped(secret string) string {
	var parts []string
	for i := 0; i < len(secret); i += 4 {
		parts = append(parts, secret[i:min(i+4, len(secret))])
	}
	return strings.Join(parts, " ")
}
