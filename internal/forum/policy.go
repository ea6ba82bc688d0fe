package forum

import "sync/atomic"

// Registration says who may create an account.
type Registration string

// Registration modes.
const (
	RegistrationOpen     Registration = "open"     // anyone
	RegistrationApproval Registration = "approval" // anyone, but staff approve the account before it may sign in
	RegistrationInvite   Registration = "invite"   // only with an invitation
	RegistrationClosed   Registration = "closed"   // nobody; staff create accounts
)

// Policy is the part of the forum's rules that administrators change at
// run time (site settings). The Service holds one atomically: the settings
// layer builds a new Policy when a setting changes, on every node, and
// swaps it in; request paths read it without locking.
type Policy struct {
	Registration Registration
	// AllowedEmailDomains, when not empty, is the only domains sign-up
	// accepts; BlockedEmailDomains are refused. Lower case, no "@".
	AllowedEmailDomains []string
	BlockedEmailDomains []string
	// LoginRequired makes the forum private: signed-out visitors see only
	// the sign-in, sign-up and legal pages.
	LoginRequired bool
}

// DefaultPolicy is a public forum with open registration.
func DefaultPolicy() Policy { return Policy{Registration: RegistrationOpen} }

type policyHolder struct{ p atomic.Pointer[Policy] }

// Policy returns the rules in force.
func (s *Service) Policy() Policy {
	if p := s.policy.p.Load(); p != nil {
		return *p
	}
	return DefaultPolicy()
}

// SetPolicy replaces the rules in force.
func (s *Service) SetPolicy(p Policy) { s.policy.p.Store(&p) }
