package policy

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// PwnedAPI is the k-anonymity range API of Have I Been Pwned.
const PwnedAPI = "https://api.pwnedpasswords.com/range/"

// Pwned counts how often pw appears in known breaches. Only the first five
// hex characters of its SHA-1 leave the machine (k-anonymity); base is
// PwnedAPI outside tests.
func Pwned(ctx context.Context, hc *http.Client, base, pw string) (int, error) {
	sum := sha1.Sum([]byte(pw))
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+h[:5], nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Add-Padding", "true")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("breached-password check: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("breached-password check: HTTP %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(io.LimitReader(resp.Body, 4<<20))
	for sc.Scan() {
		suffix, count, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if ok && strings.EqualFold(suffix, h[5:]) {
			n, _ := strconv.Atoi(count)
			return n, nil
		}
	}
	return 0, sc.Err()
}
