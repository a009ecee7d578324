package profile

// Words the profile matches in what others say, not sentences it shows.
const (
	// localZone is the name time.LoadLocation gives the machine's zone: no
	// IANA time zone for a profile.
	localZone = "Local"
	// unexpectedEOF is how encoding/json says a document ended early.
	unexpectedEOF = "unexpected EOF"
	// fetcherTooMany starts a sentence of the avatar fetcher's own ("too
	// many redirects"), shown as it is.
	fetcherTooMany = "too many"
)
