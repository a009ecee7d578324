package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// prove asks the user to confirm who they are, as the screens' proof
// prompt does, before a sensitive change: the password (or a code sent to
// the current email or phone) on a terminal; for scripts the password in
// --proof-file (a file or /dev/fd/N: a secret never goes in an argument,
// where ps would show it). Admin mode asks nothing: the operator cannot
// prove to be the user.
func (s *session) prove() error {
	if s.admin || s.proved {
		return nil
	}
	be := proof.Backend(s.acct)
	if path := s.flags.proofFile; path != "" {
		pw, err := s.e.readProofFile(path)
		if err != nil {
			return err
		}
		if err := be.VerifyPassword(s.ctx, logto.Secret(pw)); err != nil {
			return refused(err)
		}
		s.proved = true
		return nil
	}
	if !s.e.StdinIsTerminal || s.e.completing {
		return usagef("%s", s.e.T("proof.cli_needs_terminal"))
	}
	u, err := s.user()
	if err != nil {
		return err
	}
	sub := common.Subject{HasPassword: u.HasPassword, Email: logto.Str(u.PrimaryEmail), Phone: logto.Str(u.PrimaryPhone)}
	if why := proof.UnprovableIn(s.e.loc(), sub); why != "" {
		return common.Sentence(why)
	}
	to := logto.Recipient{Email: sub.Email}
	if to.Email == "" {
		to = logto.Recipient{Phone: sub.Phone}
	}
	out := s.e.Stderr
	for try := 0; try < proof.MaxTries; try++ {
		if sub.HasPassword {
			prompt := s.e.T("proof.cli_password")
			if to != (logto.Recipient{}) {
				prompt = s.e.T("proof.cli_password_or_code", "Address", address(to))
			}
			pw, err := s.e.readSecret(prompt)
			if err != nil {
				return err
			}
			if pw != "" || to == (logto.Recipient{}) {
				err := be.VerifyPassword(s.ctx, logto.Secret(pw))
				if err == nil {
					s.proved = true
					return nil
				}
				if !logto.IsCode(err, "session.invalid_credentials") {
					return refused(err)
				}
				fmt.Fprintln(out, common.CommandWordsIn(s.e.loc(), err))
				continue
			}
		}
		return s.proveByCode(to)
	}
	return &refusedError{err: failf("%s", s.e.T("proof.cli_too_many"))}
}

// proveByCode sends a code to the user's current address and reads it.
func (s *session) proveByCode(to logto.Recipient) error {
	be := proof.Backend(s.acct)
	if err := be.SendCode(s.ctx, to); err != nil {
		return err
	}
	for try := 0; ; try++ {
		code, err := s.e.readLine(s.e.T("proof.cli_code", "Address", address(to)))
		if err != nil {
			return err
		}
		err = be.VerifyCode(s.ctx, to, code)
		if err == nil {
			s.proved = true
			return nil
		}
		if !logto.IsCode(err, "verification_code.code_mismatch") || try == 2 {
			return refused(err)
		}
		fmt.Fprintln(s.e.Stderr, common.CommandWordsIn(s.e.loc(), err))
	}
}

// refused marks a proof Logto did not accept (exit 4); a failure to reach
// Logto stays what it is.
func refused(err error) error {
	code := logto.CodeOf(err)
	if code == "session.invalid_credentials" || strings.HasPrefix(code, "verification_code.") ||
		code == "session.verification_blocked_too_many_attempts" {
		return &refusedError{err: err}
	}
	var ve *logto.ValidationError
	if errors.As(err, &ve) {
		return &refusedError{err: err}
	}
	return err
}

// address is where a code went, as the screens show it.
func address(to logto.Recipient) string {
	if to.Phone != "" {
		return common.Clean(phone.Format(to.Phone))
	}
	return common.Clean(to.Email)
}

// readProofFile reads the password from --proof-file: its first line.
func (e *Env) readProofFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", usagef("%s", e.T("proof.cli_file_unusable", "Problem", err.Error()))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintln(e.Stderr, e.T("proof.cli_file_readable", "Path", path, "Mode", fmt.Sprintf("%04o", fi.Mode().Perm())))
	}
	raw, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", usagef("%s", e.T("proof.cli_file_unusable", "Problem", err.Error()))
	}
	pw, _, _ := strings.Cut(string(raw), "\n")
	pw = strings.TrimSuffix(pw, "\r")
	if pw == "" {
		return "", usagef("%s", e.T("proof.cli_file_empty", "Path", path))
	}
	return pw, nil
}

// readSecret reads a secret: typed on the terminal without echo when stdin
// is one (the prompt on stderr), else the first line of stdin.
func (e *Env) readSecret(prompt string) (string, error) {
	if !e.StdinIsTerminal {
		return e.firstLine(prompt)
	}
	if e.ReadSecret != nil {
		return e.ReadSecret(prompt)
	}
	f, ok := e.Stdin.(*os.File)
	if !ok {
		return e.firstLine(prompt)
	}
	fmt.Fprint(e.Stderr, prompt)
	fd := int(f.Fd())
	// Ctrl+C while echo is off: put the terminal back before dying, or the
	// shell is left typing blind.
	old, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			_ = term.Restore(fd, old)
			fmt.Fprintln(e.Stderr)
			os.Exit(130)
		case <-done:
		}
	}()
	b, err := term.ReadPassword(fd)
	close(done)
	signal.Stop(sig)
	fmt.Fprintln(e.Stderr)
	return string(b), err
}

// readLine reads a line the user may see as typed (a code), prompting on
// stderr when stdin is a terminal.
func (e *Env) readLine(prompt string) (string, error) {
	if e.StdinIsTerminal {
		fmt.Fprint(e.Stderr, prompt)
	}
	return e.firstLine(prompt)
}

// firstLine reads one line of stdin, without its line ending; prompt is
// what the line answers, named when stdin ends without it (a script that
// gave nothing, or too little).
func (e *Env) firstLine(prompt string) (string, error) {
	line, err := e.stdin().ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		if err == io.EOF {
			return "", usagef("%s", e.T("proof.cli_stdin_ended", "Prompt", strconv.Quote(strings.TrimRight(prompt, ": "))))
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
