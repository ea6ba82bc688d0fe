package forum

import "context"

// SettingStore keeps instance settings shared by every node, such as the
// CSRF key.
type SettingStore interface {
	Setting(ctx context.Context, key string) (string, error)
	// SetSettingIfAbsent stores value unless key exists and returns the
	// stored value, so several nodes agree on generated secrets.
	SetSettingIfAbsent(ctx context.Context, key, value string) (string, error)
}
