package mfa

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
)

// freeMsg answers the search for a free file name near asked.
type freeMsg struct {
	n           int
	asked, free string
}

// FreeName is path when nothing is there, else the first of path-2,
// path-3, … (before the extension, counting on from a number the name
// already ends with) that is free; path itself when none of the first
// thousand is.
func FreeName(path string, exists func(string) bool) string {
	if !exists(path) {
		return path
	}
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	from := 2
	if i := strings.LastIndexByte(base, '-'); i > 0 {
		if n, err := strconv.Atoi(base[i+1:]); err == nil && n >= 2 && n < 1000 && !strings.ContainsRune(base[i+1:], '+') {
			base, from = base[:i], n+1
		}
	}
	for i := from; i < 1000; i++ {
		if p := fmt.Sprintf("%s-%d%s", base, i, ext); !exists(p) {
			return p
		}
	}
	return path
}

func onDisk(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// startSaving shows the file field with the default name, and looks (off
// the UI goroutine) for a free one should that file exist.
func (m *Model) startSaving() tea.Cmd {
	m.mode, m.err, m.note = saving, "", ""
	path := filepath.Join(m.deps.SaveDir, "logto-backup-codes-"+safeName(m.deps.Issuer)+".txt")
	m.path.Input.SetValue(path)
	m.path.Input.CursorEnd()
	return tea.Batch(m.path.Input.Focus(), m.findFree(path))
}

func (m *Model) findFree(path string) tea.Cmd {
	m.checked++
	n, exists := m.checked, m.deps.Exists
	if exists == nil {
		exists = onDisk
	}
	return m.Req.Do("free", func(context.Context) tea.Msg { return freeMsg{n: n, asked: path, free: FreeName(path, exists)} })
}

// free fills the field with a free name, unless the user changed it since.
func (m *Model) free(msg freeMsg) {
	if msg.n != m.checked || m.mode != saving || m.path.Value() != msg.asked || msg.free == msg.asked {
		return
	}
	m.path.Input.SetValue(msg.free)
	m.path.Input.CursorEnd()
	m.note = m.C.T("mfa.free_name_note", "File", filepath.Base(msg.asked))
}

func (m *Model) savingKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.mode, m.err, m.note = showingCodes, "", ""
		return nil
	case "enter":
		if m.Req.Pending("save") {
			return nil
		}
		path, data, write := m.path.Value(), []byte(codeText(m.codes)+"\n"), m.deps.WriteFile
		return m.Req.Do("save", func(context.Context) tea.Msg { return savedMsg{path: path, err: write(path, data)} })
	}
	var cmd tea.Cmd
	m.path.Input, cmd = m.path.Input.Update(msg)
	m.note = ""
	return cmd
}

func (m *Model) saved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		m.err, m.note = m.C.Words(msg.err), ""
		if errors.Is(msg.err, fs.ErrExist) || strings.Contains(msg.err.Error(), alreadyExists) {
			m.err = ""
			return m.findFree(msg.path) // and say so when a free name is found
		}
		return nil
	}
	m.finishCodes()
	text := m.C.T("mfa.codes_saved", "Path", msg.path) // the path last: it may take a line of its own
	return func() tea.Msg { return common.Success(text) }
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '-'
	}, s)
}
