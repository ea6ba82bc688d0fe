package forum

// Store is everything parley needs from a database engine, composed of one
// small interface per capability, each in a file named for it
// (store_read.go, store_write.go, ...). Each engine in internal/store
// implements it and passes the same contract suite
// (internal/store/storetest). Methods return ErrNotFound for missing rows
// and wrap every other error with what they were doing.
//
// Only the composition root holds a whole Store. The Service takes the
// capabilities it uses (ServiceStore), the view counter takes ViewStore,
// and the HTML and JSON surfaces hold no store at all. A new capability
// (flags, notifications, uploads...) adds its own interface and file here
// and joins Store, instead of growing an existing interface.
type Store interface {
	Reader
	Writer
	CatalogWriter
	AccountStore
	SettingStore
	Searcher
	ViewStore
	Maintenance
	CommitStore
	AuditStore
	DraftStore
	SiteStore
	FeedTokenStore
	PeopleAdmin
	InviteStore
	TaxonomyAdmin
	ThreadControls
	// The email outbox and the tokens emails carry.
	MailStore
	SoftDeleteStore
}

// ServiceStore is what the Service reads and writes through: the content,
// the accounts, the search index and the writes that report what they
// committed (CommitStore), taxonomy administration and staff thread
// controls. It cannot reach settings, view counts or
// maintenance.
type ServiceStore interface {
	Reader
	Writer
	AccountStore
	Searcher
	CommitStore
	DraftStore
	AuditStore
	SiteStore
	FeedTokenStore
	// Administering people: accounts, invitations and the audit log of
	// what was done to them.
	PeopleAdmin
	InviteStore
	TaxonomyAdmin
	ThreadControls
	// The email outbox and the tokens emails carry.
	MailStore
	SoftDeleteStore
}
