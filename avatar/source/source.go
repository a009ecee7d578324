// Package source is where an avatar image comes from: a local file, read
// with Logto's limits checked first, or an address, fetched with care
// because the program fetching it may be a server.
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"syscall"
	"time"

	"github.com/logto-account/logto-account/logto"
)

// Limits of a fetched preview.
const (
	// MaxFetchBytes is the most a preview downloads.
	MaxFetchBytes = 2 << 20
	// FetchTimeout bounds a whole fetch, redirects included.
	FetchTimeout = 5 * time.Second
)

// ErrRefusedAddress is an address a preview does not fetch.
var ErrRefusedAddress = errors.New("refused address")

// Fetcher downloads an avatar address for a preview, with care: the
// address is the user's to choose, and the program fetching it may be a
// server (the SSH service): https only, public addresses only (never
// loopback, private, link-local or otherwise special ones, checked on the
// address actually dialled, redirects included), at most MaxFetchBytes,
// within FetchTimeout.
type Fetcher struct {
	// Allow, when set, replaces the public-address rule (tests on loopback).
	Allow func(netip.Addr) bool
	// Client is used as a base (its transport, when set, must be an
	// *http.Transport); nil means a new one.
	Client *http.Client
}

// Public reports an address a preview may reach: not loopback, private
// (RFC 1918, fc00::/7), link-local, multicast, unspecified, CGNAT
// (100.64.0.0/10) or another special block.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	switch {
	case !a.IsValid(), a.IsLoopback(), a.IsPrivate(), a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast(),
		a.IsInterfaceLocalMulticast(), a.IsMulticast(), a.IsUnspecified():
		return false
	}
	for _, p := range special {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("240.0.0.0/4"), netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// Fetch downloads rawURL for a preview.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%w: previews fetch https addresses only", ErrRefusedAddress)
	}
	allow := f.Allow
	if allow == nil {
		allow = Public
	}
	dialer := &net.Dialer{Timeout: FetchTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if a, err := netip.ParseAddr(host); err != nil || !allow(a) {
			return fmt.Errorf("%w: %s is not a public address", ErrRefusedAddress, host)
		}
		return nil
	}}
	tr := &http.Transport{Proxy: nil, DialContext: dialer.DialContext, TLSHandshakeTimeout: FetchTimeout,
		ResponseHeaderTimeout: FetchTimeout, MaxResponseHeaderBytes: 16 << 10}
	hc := &http.Client{Timeout: FetchTimeout, Transport: tr}
	if f.Client != nil {
		if base, ok := f.Client.Transport.(*http.Transport); ok {
			tr.TLSClientConfig = base.TLSClientConfig
		}
	}
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 3 {
			return errors.New("too many redirects")
		}
		if req.URL.Scheme != "https" {
			return fmt.Errorf("%w: a redirect left https", ErrRefusedAddress)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the address is the user's own; the wrapped error says enough
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the address answered HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxFetchBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFetchBytes {
		return nil, fmt.Errorf("the image is larger than %s; no preview", logto.Size(MaxFetchBytes))
	}
	return data, nil
}

// ReadFile reads an avatar file, refusing what Logto would refuse by its
// size before reading it, and what is not a plain file.
func ReadFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("there is no file %s", path)
	case err != nil:
		return nil, fmt.Errorf("%s cannot be read: %w", path, reason(err))
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a file", path)
	case st.Size() > logto.MaxAvatarBytes:
		return nil, fmt.Errorf("%s is %s; Logto takes images of at most 20 MB", path, logto.Size(st.Size()))
	case st.Size() == 0:
		return nil, fmt.Errorf("%s is empty", path)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read: %w", path, reason(err))
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, logto.MaxAvatarBytes+1))
}

// reason is a file error without the path it repeats.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
