package checkup

// mandatoryPolicy is how Logto's sign-in experience names a two-step
// policy that every sign-in must pass (its protocol value, not words).
const mandatoryPolicy = "Mandatory"
