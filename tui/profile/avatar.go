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
		return common.Keys{common.Hint("enter", "read the file"), common.Hint("esc", "cancel")}
	case m.av.file != nil:
		return common.Keys{common.Hint("y", "upload it as the avatar"), common.Hint("esc", "cancel")}
	}
	return common.Keys{common.Hint("f", "from a file"), common.Hint("p", "preview the address"), common.Hint("esc", "back")}
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
			m.av.err, m.av.preview, m.av.file = common.Words(msg.err), "", nil
			return nil, true
		}
		m.av.err, m.av.preview, m.av.file, m.av.name = "", msg.preview, msg.data, msg.name
		return nil, true
	case uploadedMsg:
		m.av.loading = false
		if msg.err != nil {
			m.av.err = common.Words(msg.err)
			return nil, true
		}
		m.av.file, m.av.open = nil, false
		u := msg.user
		return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u} },
			func() tea.Msg { return common.Success("The new avatar is saved.") }), true
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
				m.av.path = common.NewField("avatarFile", "File", false)
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
				av.err = "Uploading a file is not offered here."
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
	read, cols, rows, noColor := m.Avatar.ReadFile, 0, 0, m.C.NoColor
	cols, rows = m.previewSize()
	m.av.loading = true
	return m.Req.Do("avatar", func(context.Context) tea.Msg {
		data, err := read(path)
		if err != nil {
			return avatarReadMsg{err: common.Sentence(upperFirst(err.Error()) + ".")}
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
		m.av.err = "There is no avatar address to preview."
		return nil
	case m.Avatar.Fetch == nil:
		m.av.err = m.Avatar.FetchOff
		if m.av.err == "" {
			m.av.err = "Previews of an address are off here."
		}
		return nil
	case m.av.loading:
		return nil
	}
	fetch, noColor := m.Avatar.Fetch, m.C.NoColor
	cols, rows := m.previewSize()
	m.av.loading = true
	return m.Req.Do("avatar", func(ctx context.Context) tea.Msg {
		data, err := fetch(ctx, url)
		if err != nil {
			return avatarReadMsg{err: common.Sentence("No preview: " + fetchWords(err, url) + ".")}
		}
		return avatarReadMsg{preview: draw(data, cols, rows, noColor)}
	})
}

// fetchWords says why an avatar address could not be fetched, in words:
// the network's own errors read "dial tcp: lookup example.com on
// 10.255.255.53:53: no such host". The fetcher's own sentences (a refused
// address, an HTTP status, a size) are kept.
func fetchWords(err error, rawURL string) string {
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
		return "the address was refused (" + common.Clean(strings.TrimPrefix(err.Error(), source.ErrRefusedAddress.Error()+": ")) + ")"
	case errors.As(err, &dns):
		return "no server named " + host + " was found"
	case errors.As(err, &cert):
		return host + " did not show a valid certificate"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return host + " did not answer in time"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &op):
		return host + " could not be reached"
	}
	var x509err x509.UnknownAuthorityError
	if errors.As(err, &x509err) {
		return host + " did not show a valid certificate"
	}
	if t := err.Error(); strings.HasPrefix(t, "the ") || strings.HasPrefix(t, "too many") {
		return common.Clean(t) // the fetcher's own sentence
	}
	return host + " could not be read"
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
	b.WriteString(s.Header.Render(m.C.Whose(true)+" avatar") + "\n")
	if u := logto.Str(m.user.Avatar); u != "" {
		b.WriteString(s.Label.Render("Address ") + common.Fit(common.Clean(u), max(10, m.w-8)) + "\n")
	} else {
		b.WriteString(s.Muted.Render("No avatar yet.") + "\n")
	}
	switch {
	case m.av.typing:
		b.WriteString("\n" + s.Label.Render("File ") + m.av.path.Input.View() + "\n")
		b.WriteString(s.Muted.Inherit(wrap).Render("A JPEG, PNG, GIF, WebP or BMP image of at most 20 MB; enter reads it, nothing is sent yet.") + "\n")
	case m.av.loading:
		b.WriteString("\n" + s.Muted.Render("Working…") + "\n")
	}
	if m.av.preview != "" {
		b.WriteString("\n" + m.av.preview + "\n")
	}
	if m.av.file != nil {
		b.WriteString("\n" + s.Warning.Inherit(wrap).Render(common.Clean(m.av.name)+" ("+logto.Size(int64(len(m.av.file)))+
			"): y uploads it to your tenant's storage and makes it the avatar; esc cancels.") + "\n")
	} else if !m.av.typing {
		b.WriteString("\n" + s.Muted.Inherit(wrap).Render("f uploads an image from a file · p draws the address above · esc back") + "\n")
	}
	if m.av.err != "" {
		b.WriteString("\n" + s.Error.Inherit(wrap).Render(m.av.err) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// avatarBinding is the profile's key to the avatar view.
func avatarBinding() key.Binding {
	return key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "avatar: preview, upload"))
}

// ShowsForm reports whether the view shows the profile's fields (not the
// avatar view): the random walk checks the selected field is on screen.
func (m *Model) ShowsForm() bool { return !m.av.open }
