// Package phone turns what a person types as a phone number into the form
// Logto stores and matches: digits only, country code first, no "+" (E.164
// without the plus), and tells numbers that cannot be valid apart.
package phone

import (
	"errors"
	"strings"
)

// ErrNotANumber is returned for input that is not a phone number at all.
var ErrNotANumber = errors.New("not a phone number")

// ErrCountryCode is returned when the number starts with no known country code.
var ErrCountryCode = errors.New("does not start with a known country calling code")

// ErrLength is returned when the national part is too short or too long.
var ErrLength = errors.New("has too few or too many digits for a phone number")

// Normalize accepts +, spaces, dots, dashes and parentheses around digits
// (e.g. "+1 (555) 123-4567", "0061 412 345 678") and returns the digits with
// the country code first: "15551234567". A leading "00" international prefix
// is treated as "+". It checks the country code and the length (2–14 national
// digits) but not the numbering plan of each country.
func Normalize(input string) (string, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return "", ErrNotANumber
	}
	var b strings.Builder
	for i, r := range strings.Map(halfWidth, s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\u00a0':
		default:
			return "", ErrNotANumber
		}
	}
	d := strings.TrimPrefix(b.String(), "00") // 00 is the international prefix: same as +
	cc, national, err := Split(d)
	if err != nil {
		return "", err
	}
	if !plausible(cc, national) {
		return "", ErrLength
	}
	return d, nil
}

// halfWidth turns the full-width digits and signs a Chinese, Japanese or
// Korean input method types (＋８１ ９０－１２３４－５６７８) and the dashes
// of a number pasted from a web page (‐ ‑ – — −) into their ASCII forms.
func halfWidth(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return '0' + r - '０'
	case r == '＋':
		return '+'
	case r == '（':
		return '('
	case r == '）':
		return ')'
	case r == '．':
		return '.'
	case r == '\u3000':
		return ' '
	case r == '－' || r == '\u2212' || r >= '\u2010' && r <= '\u2015':
		return '-'
	}
	return r
}

// plausible applies lengths that real numbers have (Logto's parser accepts
// "123"; a person typing it made a mistake): North America has exactly 10
// national digits, everywhere else 4 to 14.
func plausible(cc, national string) bool {
	if cc == "1" {
		return len(national) == 10
	}
	return len(national) >= 4
}

// Split divides a digits-only number into country code and national number,
// as Logto's phone parser does; it fails where that parser fails.
func Split(digits string) (cc, national string, err error) {
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", "", ErrNotANumber
	}
	if digits[0] == '0' {
		return "", "", ErrCountryCode
	}
	for n := 1; n <= 3 && n <= len(digits); n++ {
		if countryCodes[digits[:n]] {
			cc, national = digits[:n], digits[n:]
			break
		}
	}
	if cc == "" {
		return "", "", ErrCountryCode
	}
	if len(national) < 2 || len(national) > 14 {
		return "", "", ErrLength
	}
	return cc, national, nil
}

// Canonical is the form Logto stores: the national trunk "0" dropped
// (610412345678 → 61412345678), except where the 0 is part of the number (Italy).
func Canonical(digits string) (string, error) {
	cc, national, err := Split(digits)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(national, "0") && cc != "39" && len(national) > 2 {
		national = national[1:]
	}
	return cc + national, nil
}

// countryCodes holds the ITU-T E.164 country calling codes in use.
var countryCodes = func() map[string]bool {
	const list = "1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 " +
		"60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 " +
		"224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 " +
		"247 248 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 " +
		"291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 " +
		"379 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 " +
		"591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 683 685 " +
		"686 687 688 689 690 691 692 800 808 850 852 853 855 856 870 878 880 881 882 883 886 888 960 " +
		"961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 979 992 993 994 995 996 998"
	m := map[string]bool{}
	for _, c := range strings.Fields(list) {
		m[c] = true
	}
	return m
}()
