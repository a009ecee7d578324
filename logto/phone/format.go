package phone

import "strings"

// Format is how a stored number is shown to people, the same everywhere:
// E.164 with its plus, a space after the country code and the national
// number in groups ("+44 20 7946 0958", "+1 415 555 0132", "+33 6 12 34 56
// 78"). A few countries are grouped by their own plan; the others in
// groups of three and four. Input that is not a number Logto would parse
// is returned as it was given (cleaning it is the caller's).
func Format(stored string) string {
	digits := strings.TrimPrefix(stored, "+")
	cc, national, err := Split(digits)
	if err != nil {
		return stored
	}
	return "+" + cc + " " + strings.Join(groups(cc, national), " ")
}

// groups cuts a national number for reading.
func groups(cc, n string) []string {
	var sizes []int
	switch {
	case cc == "1" && len(n) == 10: // North America: 415 555 0132
		sizes = []int{3, 3, 4}
	case cc == "44" && len(n) == 10 && n[0] == '2': // UK, 02x areas: 20 7946 0958
		sizes = []int{2, 4, 4}
	case cc == "44" && len(n) == 10: // UK mobiles and other areas: 7700 900123
		sizes = []int{4, 6}
	case cc == "33" && len(n) == 9: // France: 6 12 34 56 78
		sizes = []int{1, 2, 2, 2, 2}
	case cc == "61" && len(n) == 9 && n[0] == '4': // Australian mobiles: 412 345 678
		sizes = []int{3, 3, 3}
	case cc == "61" && len(n) == 9: // Australian areas: 2 9876 5432
		sizes = []int{1, 4, 4}
	default:
		sizes = generic[min(len(n), len(generic)-1)]
	}
	var out []string
	for _, size := range sizes {
		if size >= len(n) {
			break
		}
		out, n = append(out, n[:size]), n[size:]
	}
	return append(out, n)
}

// generic are the group sizes by national length elsewhere (the last group
// takes what is left).
var generic = [][]int{
	{0}, {1}, {2}, {3}, {4}, {2, 3}, {3, 3}, {3, 4}, {4, 4}, {3, 3, 3}, {3, 3, 4}, {3, 4, 4}, {4, 4, 4},
	{3, 3, 3, 4}, {3, 3, 4, 4},
}
