package forum

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Sort names the column a thread list is ordered by.
type Sort string

// The sorts a list offers; activity is the default.
const (
	SortActivity Sort = "activity"
	SortNewest   Sort = "newest"
	SortBoosts   Sort = "boosts"
	SortViews    Sort = "views"
	SortReplies  Sort = "replies"
)

// Filter narrows a list to unanswered or solved threads.
type Filter string

// Filters; the empty filter shows every thread.
const (
	FilterAll        Filter = ""
	FilterUnanswered Filter = "unanswered"
	FilterSolved     Filter = "solved"
)

// Page size bounds: requests outside them are clamped, never refused.
const (
	DefaultPageSize = 30
	MaxPageSize     = 100
)

// Scope says which threads a list holds.
type Scope struct {
	SubtopicID int64 // threads of one subtopic, pinned ones excluded
	TagID      int64 // threads carrying one tag
	AuthorID   int64 // threads a user started
}

// ListQuery asks for one page of threads.
type ListQuery struct {
	Scope  Scope
	Sort   Sort
	Desc   bool
	Filter Filter
	Limit  int
	After  *Cursor // nil for the first page
}

// Cursor marks the last row of a page: its sort key and id. Keyset
// pagination keeps pages stable while new threads arrive.
type Cursor struct {
	Sort Sort
	Desc bool
	Key  int64
	ID   int64
}

// ParseSort validates a ?sort= value; empty means activity.
func ParseSort(s string) (Sort, error) {
	switch Sort(s) {
	case "":
		return SortActivity, nil
	case SortActivity, SortNewest, SortBoosts, SortViews, SortReplies:
		return Sort(s), nil
	}
	return "", &ValidationError{Fields: map[string]string{"sort": "must be one of activity, newest, boosts, views, replies"}}
}

// ParseOrder validates a ?order= value; empty means descending.
func ParseOrder(s string) (desc bool, err error) {
	switch s {
	case "", "desc":
		return true, nil
	case "asc":
		return false, nil
	}
	return false, &ValidationError{Fields: map[string]string{"order": "must be asc or desc"}}
}

// ParseFilter validates a ?filter= value.
func ParseFilter(s string) (Filter, error) {
	switch Filter(s) {
	case FilterAll, FilterUnanswered, FilterSolved:
		return Filter(s), nil
	}
	return "", &ValidationError{Fields: map[string]string{"filter": "must be unanswered or solved"}}
}

// ClampLimit turns any requested page size into one the store serves.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}

// Encode renders the cursor as an opaque URL-safe token.
func (c Cursor) Encode() string {
	dir := "a"
	if c.Desc {
		dir = "d"
	}
	raw := fmt.Sprintf("%s.%s.%d.%d", c.Sort, dir, c.Key, c.ID)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor parses a token made by Encode and checks that it belongs to
// the list's current sort and order.
func DecodeCursor(token string, sort Sort, desc bool) (*Cursor, error) {
	bad := &ValidationError{Fields: map[string]string{"after": "is not a valid cursor for this list"}}
	if token == "" {
		return nil, nil
	}
	if len(token) > 128 {
		return nil, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 4 || Sort(parts[0]) != sort || (parts[1] == "d") != desc || (parts[1] != "d" && parts[1] != "a") {
		return nil, bad
	}
	key, err1 := strconv.ParseInt(parts[2], 10, 64)
	id, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return nil, bad
	}
	return &Cursor{Sort: sort, Desc: desc, Key: key, ID: id}, nil
}

// SortKey returns the value of the sort column for t, used to build the
// cursor of the next page.
func SortKey(s Sort, t *Thread) int64 {
	switch s {
	case SortNewest:
		return t.CreatedAt.UnixMilli()
	case SortBoosts:
		return int64(t.BoostCount)
	case SortViews:
		return t.ViewCount
	case SortReplies:
		return int64(t.ReplyCount)
	}
	return t.LastActivityAt.UnixMilli()
}

// ParseListParams reads ?sort=&order=&filter=&after=&limit= into a query.
// Every malformed value is reported as a field error; limits are clamped.
func ParseListParams(get func(string) string) (ListQuery, error) {
	v := &ValidationError{}
	var q ListQuery
	var err error
	if q.Sort, err = ParseSort(get("sort")); err != nil {
		v.add("sort", err.(*ValidationError).Fields["sort"])
	}
	if q.Desc, err = ParseOrder(get("order")); err != nil {
		v.add("order", err.(*ValidationError).Fields["order"])
	}
	if q.Filter, err = ParseFilter(get("filter")); err != nil {
		v.add("filter", err.(*ValidationError).Fields["filter"])
	}
	if s := get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.add("limit", "must be a whole number")
		}
		q.Limit = ClampLimit(n)
	} else {
		q.Limit = DefaultPageSize
	}
	if len(v.Fields) == 0 {
		if q.After, err = DecodeCursor(get("after"), q.Sort, q.Desc); err != nil {
			v.add("after", err.(*ValidationError).Fields["after"])
		}
	}
	return q, v.err()
}
