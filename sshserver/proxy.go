package sshserver

import (
	"fmt"
	"net"
	"time"

	"github.com/pires/go-proxyproto"
)

// proxyPolicy trusts the PROXY header from the given addresses only, and
// requires it of them (a balancer that stops sending it is noticed, not
// taken for the client); other peers connect as themselves, and a header
// they send is not read (their SSH handshake then fails).
func proxyPolicy(trusted []string) (proxyproto.ConnPolicyFunc, error) {
	if len(trusted) == 0 {
		return nil, nil
	}
	p, err := proxyproto.PolicyFromRanges(trusted, proxyproto.REQUIRE, proxyproto.SKIP)
	if err != nil {
		return nil, fmt.Errorf("sshserver: trusted proxies: %w", err)
	}
	return p, nil
}

// proxyListener reads PROXY headers (v1 and v2) on connections from the
// trusted addresses; a header must arrive within 5 s.
func proxyListener(ln net.Listener, trusted []string) net.Listener {
	p, _ := proxyPolicy(trusted) // checked in New
	return &proxyproto.Listener{Listener: ln, ConnPolicy: p, ReadHeaderTimeout: 5 * time.Second}
}

// proxyHeaderMissing reports a trusted balancer's connection whose header
// did not come (or could not be read); reading it blocks up to its timeout.
func proxyHeaderMissing(c net.Conn) bool {
	pc, ok := c.(*proxyproto.Conn)
	return ok && pc.ProxyHeader() == nil
}
