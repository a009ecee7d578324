package danger

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// This file is "export my data": one key writes everything Logto holds
// about the user (logto.BuildExport, without secrets) as JSON to a new
// 0600 file, never over an existing one, and says where.

type (
	// exportMsg is the export, handed back after a proof.
	exportMsg   struct{}
	exportedMsg struct {
		path    string
		skipped map[string]string
		err     error
	}
)

// exportOffered reports whether this program may write the file here
// (Deps.ExportDir and WriteFile; over SSH and in the demo it may not).
func (m *Model) exportOffered() bool { return m.deps.ExportDir != "" && m.deps.WriteFile != nil }

// exportParts are the parts of an export a mode may leave out, in the
// order the screen names them.
var exportParts = []string{"sessions", "grants", "mfaFactors", "twoStepSettings", "personalAccessTokens", "organizations", "signInHistory"}

// exportFile names the export file of t.
func exportFile(dir string, t time.Time, n int) string {
	name := "logto-account-export-" + t.UTC().Format("20060102-150405")
	if n > 1 {
		name += "-" + strconv.Itoa(n)
	}
	return filepath.Join(dir, name+".json")
}

// export reads the account and writes the file (off the UI goroutine).
func (m *Model) export() tea.Cmd {
	if m.Req.Pending("export") || !m.exportOffered() {
		return nil
	}
	src, ok := m.be().(logto.ExportSource)
	if !ok {
		return nil
	}
	endpoint := ""
	if e, ok := m.be().(interface{ Endpoint() string }); ok {
		endpoint = e.Endpoint()
	}
	dir, write, now, words := m.deps.ExportDir, m.deps.WriteFile, m.C.Now(), m.C.Words
	m.exporting = true
	return m.Req.Do("export", func(ctx context.Context) tea.Msg {
		x, err := logto.BuildExport(ctx, src, endpoint, now, words)
		if err != nil {
			return exportedMsg{err: err}
		}
		data, err := json.MarshalIndent(x, "", "  ")
		if err != nil {
			return exportedMsg{err: err}
		}
		data = append(data, '\n')
		for n := 1; n <= 100; n++ { // never over an existing file
			path := exportFile(dir, now, n)
			err = write(path, data)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return exportedMsg{path: path, skipped: x.NotIncluded, err: err}
		}
		return exportedMsg{err: err}
	})
}

// exportDone says where the file is, or why there is none.
func (m *Model) exportDone(msg exportedMsg) tea.Cmd {
	m.exporting = false
	if cmd, ok := m.Reprove(msg.err, exportMsg{}); ok {
		return cmd
	}
	if msg.err != nil {
		m.err = m.C.T("danger.export_failed", "Why", m.C.Words(msg.err))
		return nil
	}
	m.exportPath, m.exported = msg.path, ""
	if len(msg.skipped) > 0 {
		// The parts are named as in the file (its notIncluded keys).
		var parts []string
		for _, part := range exportParts {
			if why, ok := msg.skipped[part]; ok {
				parts = append(parts, m.C.T("danger.left_out_part", "Part", part, "Why", why))
			}
		}
		m.exported = m.C.T("danger.left_out", "Parts", strings.Join(parts, m.C.T("danger.list_sep")))
	}
	text := m.C.T("danger.exported_to", "Path", msg.path)
	return func() tea.Msg { return common.Success(text) }
}
