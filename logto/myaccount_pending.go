package logto

import "time"

// PendingChange is what a change of email or phone holds between sending a
// code to the new address and checking it: on the Account API, the record
// of the code sent and the identity proof the change goes with. The
// command line keeps it in a 0600 file between its two steps (`email set
// --send-only`, then `email verify`); the records are worth nothing without
// the user's own access token, and Logto ends them after 10 minutes.
type PendingChange struct {
	To Recipient `json:"to"`
	// Sent is the verification record of the code sent to To.
	Sent string `json:"sent_record,omitempty"`
	// Proof is the identity proof record and ProofUntil its expiry (zero
	// when there is none).
	Proof      string    `json:"proof_record,omitempty"`
	ProofUntil time.Time `json:"proof_until,omitzero"`
}

// Pending is the change to to as it stands: call it after SendCode.
func (a *MyAccount) Pending(to Recipient) PendingChange {
	a.mu.Lock()
	defer a.mu.Unlock()
	return PendingChange{To: to, Sent: a.sent[recipientKey(to)], Proof: a.proofID, ProofUntil: a.proofUntil}
}

// Resume takes up a change kept by Pending (in another run of the
// program): VerifyCode and UpdateUser then go on with its records.
func (a *MyAccount) Resume(p PendingChange) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p.Sent != "" {
		a.sent[recipientKey(p.To)] = p.Sent
	}
	if p.Proof != "" && a.proofID == "" {
		a.proofID, a.proofUntil = p.Proof, p.ProofUntil
	}
}
