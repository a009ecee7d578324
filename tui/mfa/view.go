package mfa

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/i18n"
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
func factorWords(l *i18n.Localizer, f string) string {
	switch f {
	case logto.FactorTOTP:
		return l.T("mfa.words_totp")
	case logto.FactorWebAuthn:
		return l.T("mfa.words_passkeys")
	case logto.FactorBackupCode:
		return l.T("mfa.words_backup_codes")
	case factorEmail:
		return l.T("mfa.words_email")
	case factorPhone:
		return l.T("mfa.words_phone")
	}
	return common.Clean(f)
}

func factorName(l *i18n.Localizer, f logto.MFAVerification) string {
	switch f.Type {
	case logto.FactorTOTP:
		return l.T("mfa.name_totp")
	case logto.FactorWebAuthn:
		if f.Name != "" {
			return l.T("mfa.name_passkey_named", "Name", common.Clean(f.Name))
		}
		return l.T("mfa.name_passkey")
	case logto.FactorBackupCode:
		return l.T("mfa.name_backup_codes")
	}
	return common.Clean(f.Type)
}

// whose is message yours on one's own account, else message of with the
// name of the user an operator acts on.
func (m *Model) whose(yours, of string) string {
	if m.C.ActingOn != "" {
		return m.C.T(of, "Name", common.Clean(m.C.ActingOn))
	}
	return m.C.T(yours)
}

// labelled is a label (styled) and its text on one line.
func (m *Model) labelled(label, text string) string { return m.C.Styles.Label.Render(label) + text }

// nameColumn is how wide (in cells) the factor names' column is: the
// widest name in the language, at least 20 cells (as the list always
// had), and never so wide that the dates lose their room.
func (m *Model) nameColumn() int {
	col := 20
	for _, f := range m.factors {
		col = max(col, common.Width(factorName(m.C.Lang, f)))
	}
	if m.w > 0 {
		col = min(col, max(20, m.w/2))
	}
	return col
}

// factorLine is one factor of the list, without its marker: its name in
// a column of col cells, when it was added, and what else is known. The
// details that do not fit in width cells go on the lines below, under the
// date (a Chinese or French line is longer than the English one).
func (m *Model) factorLine(f logto.MFAVerification, col, width int) string {
	s := m.C.Styles
	name := factorName(m.C.Lang, f)
	if w := common.Width(name); w < col {
		name += strings.Repeat(" ", col-w)
	}
	parts := []string{m.C.T("mfa.added", "Date", m.C.Lang.Date(f.CreatedAt.Local()))}
	switch f.Type {
	case logto.FactorWebAuthn:
		agent := common.Clean(f.Agent)
		if !f.LastUsedAt.IsZero() {
			agent = m.C.T("mfa.agent_last_used", "Agent", agent, "Date", m.C.Lang.Date(f.LastUsedAt.Local()))
		}
		parts = append(parts, agent)
	case logto.FactorBackupCode:
		if f.RemainCodes != nil {
			left := m.C.N("mfa.codes_left", *f.RemainCodes)
			if *f.RemainCodes <= LowCodes {
				left += s.Warning.Render(m.C.T("mfa.running_low"))
			}
			parts = append(parts, left)
		}
	}
	line := name + " " + strings.Join(parts, "  ")
	if width <= 0 || common.Width(line) <= width {
		return line
	}
	// Too wide: the details go under the date, folded to what is left;
	// in a narrow window, under the name, for room (a French line under a
	// 30-cell column took a line a word, and pushed the policy off).
	indent := col + 1
	if width-indent < 40 {
		indent = 2
	}
	out := name + " " + parts[0]
	for _, p := range parts[1:] {
		for _, l := range common.Fold(p, width-indent) {
			out += "\n" + strings.Repeat(" ", indent) + l
		}
	}
	return out
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
	b.WriteString(s.Header.Render(m.whose("mfa.list_heading", "mfa.list_heading_of")) + "\n")
	switch {
	case m.C.Hidden(logto.FieldMFA):
		b.WriteString(s.Muted.Render("  "+m.C.T("mfa.not_shared")) + "\n")
	case !m.loaded || m.factors == nil && m.err == "":
		b.WriteString(s.Muted.Render("  "+m.C.T("mfa.loading")) + "\n")
	case len(m.factors) == 0:
		b.WriteString(s.Muted.Render("  "+m.C.T("mfa.none_yet")) + "\n")
	}
	col := m.nameColumn()
	for i, f := range m.factors {
		marker := "  "
		if i == m.cur {
			marker = s.Focused.Render("› ")
		}
		line := m.factorLine(f, col, m.w-2)
		b.WriteString(marker + strings.ReplaceAll(line, "\n", "\n  ") + "\n")
	}
	// A question (or the rename field) goes right under the list, its error
	// with it, and the tenant's policy gives way meanwhile: at 60×20 in
	// French, on the Account API, it fell below the window's last line.
	var ask string
	switch m.mode {
	case confirmRemove:
		ask = s.Warning.Render(m.confirmRemoval(m.asked.(removeMsg).f))
	case confirmBackups:
		ask = s.Warning.Render(m.C.T("mfa.confirm_backups_too"))
	case confirmRegenerate:
		ask = s.Warning.Render(m.C.T("mfa.confirm_regenerate"))
	case renaming:
		ask = s.Label.Render(m.C.T("mfa.new_name")) + m.name.Input.View() + s.Muted.Render("  "+m.C.T("mfa.rename_keys"))
	}
	if ask != "" {
		b.WriteString("\n" + ask + "\n" + common.Footer(s, m.err))
	}
	if set := m.settingsView(); set != "" {
		b.WriteString("\n" + set + "\n")
	}
	if m.mode == listing {
		b.WriteString("\n" + m.policyView() + "\n")
	}
	if ask == "" {
		b.WriteString(common.Footer(s, m.err))
	}
	return strings.TrimRight(b.String(), "\n")
}

// confirmRemoval asks before f is removed.
func (m *Model) confirmRemoval(f logto.MFAVerification) string {
	switch f.Type {
	case logto.FactorTOTP:
		return m.C.T("mfa.confirm_remove_totp")
	case logto.FactorWebAuthn:
		if f.Name != "" {
			return m.C.T("mfa.confirm_remove_passkey_named", "Name", common.Clean(f.Name))
		}
		return m.C.T("mfa.confirm_remove_passkey")
	case logto.FactorBackupCode:
		return m.C.T("mfa.confirm_remove_backup_codes")
	}
	return m.C.T("mfa.confirm_remove_other", "Factor", factorName(m.C.Lang, f))
}

// passkeyView hands adding a passkey to the tenant's account page: its
// address (a hyperlink, c copies it) and its QR code for a phone.
func (m *Model) passkeyView() string {
	s := m.C.Styles
	page := common.Clean(m.deps.AccountPage)
	text := func(width int) string {
		var b strings.Builder
		b.WriteString(s.Header.Render(m.C.T("mfa.passkey_heading")) + "\n\n")
		b.WriteString(common.Wrap(m.C.T("mfa.passkey_where"), width) + "\n")
		for _, part := range common.Fold(page, width) {
			b.WriteString(ansi.SetHyperlink(page, "id=logto-account-passkey") + s.Title.Render(part) + ansi.ResetHyperlink() + "\n")
		}
		b.WriteString("\n" + s.Muted.Render(common.Wrap(m.C.T("mfa.passkey_listed"), width)))
		return b.String()
	}
	view, ok := m.pageQR.Beside(text, page, m.C.Dark, m.w, m.h)
	m.pageBeside = ok
	if !ok {
		hint := m.C.T("mfa.qr_whole_window")
		if !m.qrKey().Enabled() {
			hint = m.C.T("mfa.qr_enlarge")
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
	var w string
	switch p.Policy {
	case policyUserControlled:
		w = m.C.T("mfa.policy_user_controlled")
	case policyMandatory:
		w = m.C.T("mfa.policy_mandatory")
	case policyPromptBoth:
		w = m.C.T("mfa.policy_prompt_both")
	case policyPromptSignIn:
		w = m.C.T("mfa.policy_prompt_sign_in")
	case policyNoPrompt:
		w = m.C.T("mfa.policy_no_prompt")
	case policyPromptBothMandatory:
		w = m.C.T("mfa.policy_prompt_both_mandatory")
	case policyPromptSignInMandatory:
		w = m.C.T("mfa.policy_prompt_sign_in_mandatory")
	default:
		w = common.Clean(p.Policy)
	}
	out := m.labelled(m.C.T("mfa.label_policy"), w)
	if len(p.Factors) == 0 {
		out += "\n" + s.Warning.Render(m.C.T("mfa.no_factor_on"))
	} else {
		names := make([]string, len(p.Factors))
		for i, f := range p.Factors {
			names[i] = factorWords(m.C.Lang, f)
		}
		out += "\n" + m.labelled(m.C.T("mfa.label_enabled"), strings.Join(names, m.C.T("mfa.list_sep")))
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
	return m.totpText(m.w, true) + "\n" + s.Muted.Render(common.Wrap(m.C.T("mfa.qr_too_small"), max(20, m.w))) +
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
	b.WriteString(s.Header.Render(wrap(m.C.T("mfa.totp_heading"))) + "\n")
	if m.replace != "" {
		b.WriteString(s.Warning.Render(wrap(m.C.T("mfa.totp_replaces"))) + "\n")
	}
	if !tight {
		b.WriteString("\n")
	}
	b.WriteString(wrap(m.C.T("mfa.totp_scan")) + "\n")
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
	b.WriteString(wrap(m.C.T("mfa.totp_type_code")) + "\n" + m.code.Input.View())
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(wrap(m.err)))
	}
	return b.String()
}

func (m *Model) codesView() string {
	s := m.C.Styles
	var b strings.Builder
	head := s.Header.Render(m.whose("mfa.codes_heading", "mfa.codes_heading_of"))
	note := s.Warning.Render(m.C.T("mfa.codes_shown_once"))
	if common.Width(head)+2+common.Width(note) <= max(20, m.w) {
		b.WriteString(head + "  " + note + "\n\n")
	} else { // a line of its own when both do not fit
		b.WriteString(head + "\n" + s.Warning.Render(common.Wrap(m.C.T("mfa.codes_shown_once"), max(20, m.w))) + "\n\n")
	}
	for i := 0; i < len(m.codes); i += 2 {
		line := "  " + s.Code.Render(m.codes[i].Reveal())
		if i+1 < len(m.codes) {
			line += "    " + s.Code.Render(m.codes[i+1].Reveal())
		}
		b.WriteString(line + "\n")
	}
	words := m.C.T("mfa.codes_hint")
	if m.canSave() {
		words = m.C.T("mfa.codes_hint_save")
	}
	b.WriteString("\n" + common.Wrap(words, max(20, m.w)) + "\n")
	if m.mode == saving {
		b.WriteString("\n" + s.Label.Render(common.Wrap(m.C.T("mfa.save_label"), max(20, m.w))) + "\n")
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
