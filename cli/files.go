package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/logto-account/logto-account/i18n"
)

// The files a command writes where the user says (--output): a token's
// value, backup codes, an export. The folder is the user's own (the current
// one, the home folder): it is never created, and its permissions are left
// as they are — only the file is 0600.

// checkOutput makes sure a new file can be made at path, before anything
// is changed at the tenant (a token made, backup codes replaced): a value
// that cannot be written afterwards is a value lost.
func checkOutput(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &usageError{said: i18n.M("cli.output_is_folder", "Path", path)}
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".logto-account-*")
	if err != nil {
		return fileError(path, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// replaceFile writes data to path (0600) through a temp file in the same
// folder, renamed over it: a reader sees the old file or the new one, never
// half of one.
func replaceFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".logto-account-*")
	if err != nil {
		return fileError(path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // nothing left after the rename
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fileError(path, err)
	}
	return nil
}

// fileError says which file could not be written and why, in the
// system's words ("permission denied", "no such file or directory").
func fileError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &failure{said: i18n.M("cli.cannot_write", "Path", path, "Reason", err.Error()), err: err}
}
