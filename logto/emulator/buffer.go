package emulator

import (
	"bytes"
	"net/http"
)

// bufferedWriter captures a handler's answer so a fault can alter it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	plain  bool // the request asked for plain OIDC errors
}

func (b *bufferedWriter) plainOIDCErrors() bool { return b.plain }

func newBufferedWriter() *bufferedWriter {
	return &bufferedWriter{header: http.Header{}, status: http.StatusOK}
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
