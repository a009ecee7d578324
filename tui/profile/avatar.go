package profile

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	neturl "net/url"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/avatar"
	"github.com/logto-account/logto-account/avatar/source"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// This file is the profile's avatar view (a): the avatar drawn in the
// terminal, from its address (fetched with care, and only where the
// program may fetch one) or from a file the user picks, which is checked
// as Logto checks it and then uploaded and set (docs/logto-behaviour.md#avatar-upload).

// AvatarDeps say where an avatar may come from in this program.
type AvatarDeps struct {
	// ReadFile reads a local image (nil: no uploads from a file here — over
	// SSH the file would be the server's, not the user's).
	ReadFile func(path string) ([]byte, error)
	// FilesOff says why there are no uploads from a file.
	FilesOff string
	// Fetch downloads the avatar's address for a preview (nil: off).
	Fetch func(ctx context.Context, url string) ([]byte, error)
	// FetchOff says why address previews are off.
	FetchOff string
}

// Uploader is a backend that uploads an avatar image and sets it.
type Uploader interface {
	UploadAvatar(ctx context.Context, filename string, data []byte) (*logto.User, error)
}

type avatarState struct {
	open, typing bool
	path         *common.Field
	preview      string
	// file is the image read and checked, waiting for y (nil: none).
	file    []byte
	name    string
	err     string
	loading bool
}

type (
	avatarReadMsg struct {
		name, preview string
		data          []byte
		err           error
	}
	uploadedMsg struct {
		user *logto.User
		err  error
	}
)

func (m *Model) avatarKeys() help.KeyMap {
	switch {
	case m.av.typing:
		return common.Keys{common.Hint("enter", m.C.T("profile.key_read_file")), common.Hint("esc", m.C.T("profile.key_cancel"))}
	case m.av.file != nil:
		return common.Keys{common.Hint("y", m.C.T("profile.key_upload")), common.Hint("esc", m.C.T("profile.key_cancel"))}
	}
	return common.Keys{common.Hint("f", m.C.T("profile.key_from_file")), common.Hint("p", m.C.T("profile.key_preview")),
		common.Hint("esc", m.C.T("profile.key_back"))}
}

// previewSize is the preview's room in cells.
func (m *Model) previewSize() (int, int) {
	rows := max(4, min(12, m.h-8))
	return min(rows*2, max(8, m.w/2)), rows
}

// avatarUpdate handles the avatar view; ok is false for anything else.
func (m *Model) avatarUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case avatarReadMsg:
		m.av.loading = false
		if msg.err != nil {
			m.av.err, m.av.preview, m.av.file = m.C.Words(msg.err), "", nil
			return nil, true
		}
		m.av.err, m.av.preview, m.av.file, m.av.name = "", msg.preview, msg.data, msg.name
		return nil, true
	case uploadedMsg:
		m.av.loading = false
		if msg.err != nil {
			m.av.err = m.C.Words(msg.err)
			return nil, true
		}
		m.av.file, m.av.open = nil, false
		u, saved := msg.user, m.C.T("profile.avatar_saved")
		return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u} },
			func() tea.Msg { return common.Success(saved) }), true
	case tea.PasteMsg:
		if m.av.open && m.av.typing {
			var cmd tea.Cmd
			m.av.path.Input, cmd = m.av.path.Input.Update(msg)
			return cmd, true
		}
	case tea.KeyPressMsg:
		if m.av.open {
			return m.avatarKey(msg), true
		}
		if !m.editing && m.ask == noQuestion && msg.String() == "a" && m.user != nil {
			m.av = avatarState{open: true, path: m.av.path}
			if m.av.path == nil {
				m.av.path = common.NewField("avatarFile", m.C.T("profile.avatar_file"), false)
			}
			m.av.path.Input.SetWidth(max(10, m.w-10))
			return nil, true
		}
	}
	return nil, false
}

func (m *Model) avatarKey(msg tea.KeyPressMsg) tea.Cmd {
	av := &m.av
	if av.typing {
		switch msg.String() {
		case "esc":
			av.typing = false
			av.path.Input.Blur()
			return nil
		case "enter":
			av.typing = false
			av.path.Input.Blur()
			return m.readAvatar(strings.TrimSpace(av.path.Value()))
		}
		var cmd tea.Cmd
		av.path.Input, cmd = av.path.Input.Update(msg)
		return cmd
	}
	switch msg.String() {
	case "esc":
		if av.file != nil {
			av.file, av.preview = nil, ""
			return nil
		}
		av.open = false
	case "f":
		av.err = ""
		if m.Avatar.ReadFile == nil {
			av.err = m.Avatar.FilesOff
			if av.err == "" {
				av.err = m.C.T("profile.avatar_files_off")
			}
			return nil
		}
		av.typing = true
		return av.path.Input.Focus()
	case "p":
		return m.fetchAvatar()
	case "y", "Y":
		return m.uploadAvatar()
	}
	return nil
}

func (m *Model) readAvatar(path string) tea.Cmd {
	if path == "" || m.av.loading {
		return nil
	}
	read, cols, rows, noColor, l := m.Avatar.ReadFile, 0, 0, m.C.NoColor, m.C.Lang
	cols, rows = m.previewSize()
	m.av.loading = true
	return m.Req.Do("avatar", func(context.Context) tea.Msg {
		data, err := read(path)
		if err != nil {
			return avatarReadMsg{err: common.Sentence(l.T("profile.avatar_unreadable", "Reason", upperFirst(err.Error())))}
		}
		if _, err := logto.AvatarType(data); err != nil {
			return avatarReadMsg{err: err}
		}
		return avatarReadMsg{name: filepath.Base(path), data: data, preview: draw(data, cols, rows, noColor)}
	})
}

func (m *Model) fetchAvatar() tea.Cmd {
	m.av.err, m.av.file = "", nil
	url := logto.Str(m.user.Avatar)
	switch {
	case url == "":
		m.av.err = m.C.T("profile.avatar_no_address")
		return nil
	case m.Avatar.Fetch == nil:
		m.av.err = m.Avatar.FetchOff
		if m.av.err == "" {
			m.av.err = m.C.T("profile.avatar_previews_off")
		}
		return nil
	case m.av.loading:
		return nil
	}
	fetch, noColor, l := m.Avatar.Fetch, m.C.NoColor, m.C.Lang
	cols, rows := m.previewSize()
	m.av.loading = true
	return m.Req.Do("avatar", func(ctx context.Context) tea.Msg {
		data, err := fetch(ctx, url)
		if err != nil {
			return avatarReadMsg{err: common.Sentence(l.T("profile.avatar_no_preview", "Reason", fetchWords(l, err, url)))}
		}
		return avatarReadMsg{preview: draw(data, cols, rows, noColor)}
	})
}

// fetchWords says why an avatar address could not be fetched, in words:
// the network's own errors read "dial tcp: lookup example.com on
// 10.255.255.53:53: no such host". The fetcher's own sentences (a refused
// address, an HTTP status, a size) are kept.
func fetchWords(l *i18n.Localizer, err error, rawURL string) string {
	host := rawURL
	if u, perr := neturl.Parse(rawURL); perr == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	host = common.Clean(host)
	var dns *net.DNSError
	var op *net.OpError
	var cert *tls.CertificateVerificationError
	var ne net.Error
	switch {
	case errors.Is(err, source.ErrRefusedAddress):
		return l.T("profile.fetch_refused", "Why", common.Clean(strings.TrimPrefix(err.Error(), source.ErrRefusedAddress.Error()+": ")))
	case errors.As(err, &dns):
		return l.T("profile.fetch_no_host", "Host", host)
	case errors.As(err, &cert):
		return l.T("profile.fetch_bad_cert", "Host", host)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return l.T("profile.fetch_timeout", "Host", host)
	case errors.Is(err, context.Canceled):
		return l.T("profile.fetch_cancelled")
	case errors.As(err, &op):
		return l.T("profile.fetch_unreachable", "Host", host)
	}
	var x509err x509.UnknownAuthorityError
	if errors.As(err, &x509err) {
		return l.T("profile.fetch_bad_cert", "Host", host)
	}
	if t := err.Error(); strings.HasPrefix(t, "the ") || strings.HasPrefix(t, fetcherTooMany) {
		return common.Clean(t) // the fetcher's own sentence
	}
	return l.T("profile.fetch_unreadable", "Host", host)
}

// draw is the preview, or why there is none.
func draw(data []byte, cols, rows int, noColor bool) string {
	img, err := avatar.Decode(data)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return avatar.Render(img, cols, rows, noColor)
}

func (m *Model) uploadAvatar() tea.Cmd {
	up, ok := m.be().(Uploader)
	if m.av.file == nil || m.Req.Pending("upload") || !ok {
		return nil
	}
	name, data := m.av.name, m.av.file
	m.av.loading = true
	return m.Req.Do("upload", func(ctx context.Context) tea.Msg {
		u, err := up.UploadAvatar(ctx, name, data)
		return uploadedMsg{user: u, err: err}
	})
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (m *Model) avatarView() string {
	s := m.C.Styles
	wrap := lipgloss.NewStyle().Width(max(10, m.w))
	var b strings.Builder
	b.WriteString(s.Header.Render(m.whose("profile.avatar_heading", "profile.avatar_heading_of")) + "\n")
	if u := logto.Str(m.user.Avatar); u != "" {
		label := s.Label.Render(m.C.T("profile.avatar_address") + " ")
		b.WriteString(label + common.Fit(common.Clean(u), max(10, m.w-common.Width(label))) + "\n")
	} else {
		b.WriteString(s.Muted.Render(m.C.T("profile.avatar_none")) + "\n")
	}
	switch {
	case m.av.typing:
		b.WriteString("\n" + s.Label.Render(m.av.path.Label+" ") + m.av.path.Input.View() + "\n")
		b.WriteString(s.Muted.Inherit(wrap).Render(m.C.T("profile.avatar_file_hint")) + "\n")
	case m.av.loading:
		b.WriteString("\n" + s.Muted.Render(m.C.T("profile.working")) + "\n")
	}
	if m.av.preview != "" {
		b.WriteString("\n" + m.av.preview + "\n")
	}
	if m.av.file != nil {
		b.WriteString("\n" + s.Warning.Inherit(wrap).Render(m.C.T("profile.avatar_confirm", "File", common.Clean(m.av.name),
			"Size", logto.Size(int64(len(m.av.file))))) + "\n")
	} else if !m.av.typing {
		b.WriteString("\n" + s.Muted.Inherit(wrap).Render(m.C.T("profile.avatar_keys")) + "\n")
	}
	if m.av.err != "" {
		b.WriteString("\n" + s.Error.Inherit(wrap).Render(m.av.err) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// avatarBinding is the profile's key to the avatar view.
func avatarBinding(c *common.Common) key.Binding {
	return key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("profile.key_avatar")))
}

// ShowsForm reports whether the view shows the profile's fields (not the
// avatar view): the random walk checks the selected field is on screen.
func (m *Model) ShowsForm() bool { return !m.av.open }
