package forum

import (
	"context"
	"errors"
	"time"
)

// SiteStore keeps the site settings (rows of the settings table under
// "site.", each with a version) and the first-run setup.
type SiteStore interface {
	// SiteSettings lists every saved site setting.
	SiteSettings(ctx context.Context) ([]StoredSetting, error)
	// SaveSiteSettings saves changes and their audit rows in one
	// transaction. A change whose Version is not the stored one (0 for a
	// setting never saved) fails the whole save with a
	// *SettingsConflictError naming what is stored now.
	SaveSiteSettings(ctx context.Context, changes []SettingChange, audit []AuditEntry) ([]StoredSetting, error)
	// AdminExists reports whether any account has the admin role.
	AdminExists(ctx context.Context) (bool, error)
	// AddSetupCode stores the hash of a one-time setup code.
	AddSetupCode(ctx context.Context, hash string, at time.Time) error
	// CompleteSetup creates the first administrator and saves the
	// settings in one transaction, spending the code: ErrSetupRefused when
	// the code is unknown or spent, or an administrator exists.
	CompleteSetup(ctx context.Context, codeHash string, admin *User, changes []SettingChange, audit []AuditEntry) error
}

// ErrSetupRefused refuses a setup with an unknown or spent code, or once
// an administrator exists.
var ErrSetupRefused = errors.New("setup refused")
