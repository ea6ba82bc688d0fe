package forum

import (
	"strings"
	"testing"
)

func TestCan(t *testing.T) {
	member := &User{ID: 1, Role: RoleMember}
	other := &User{ID: 2, Role: RoleMember}
	staff := &User{ID: 3, Role: RoleStaff}
	mod := &User{ID: 4, Role: RoleModerator}
	admin := &User{ID: 5, Role: RoleAdmin}
	const asker, author = 1, 2 // member asked; other wrote the post
	cases := []struct {
		actor  *User
		act    Action
		locked bool
		want   bool
	}{
		{nil, ActReply, false, false},
		{member, ActReply, false, true},
		{member, ActReply, true, false},
		{mod, ActReply, true, true},
		{member, ActEdit, false, false},
		{other, ActEdit, false, true},
		{staff, ActEdit, false, false},
		{mod, ActEdit, false, true},
		{admin, ActDelete, false, true},
		{member, ActDelete, false, false},
		{other, ActBoost, false, false},
		{member, ActBoost, false, true},
		{member, ActAccept, false, true},
		{other, ActAccept, false, false},
		{staff, ActAccept, false, false},
		{mod, ActAccept, false, true},
		{member, ActRecommend, false, false},
		{staff, ActRecommend, false, true},
		{admin, ActRecommend, false, true},
		{member, Action("fly"), false, false},
	}
	for _, tc := range cases {
		name := "anonymous"
		if tc.actor != nil {
			name = string(tc.actor.Role) + "#" + string(rune('0'+tc.actor.ID))
		}
		if got := Can(tc.actor, tc.act, author, asker, tc.locked); got != tc.want {
			t.Errorf("Can(%s, %s, locked=%v) = %v, want %v", name, tc.act, tc.locked, got, tc.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"NWParameters.preferNoProxies ignored for NWConnection": "nwparameters-prefernoproxies-ignored-for-nwconnection",
		"Error Domain=CVAccessoryErrorDomain Code=450":          "error-domain-cvaccessoryerrordomain-code-450",
		"Café – “quotes” and 日本語":                               "cafe-quotes-and",
		"日本語だけ":                                                 "thread",
		"   --- ":                                               "thread",
		"Crème brûlée über naïve façade":                        "creme-brulee-uber-naive-facade",
		strings.Repeat("word ", 40):                             strings.TrimRight(strings.Repeat("word-", 16), "-"),
	}
	for in, want := range cases {
		got := Slugify(in)
		if got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if len(got) > 80 {
			t.Errorf("Slugify(%q) is %d bytes long", in, len(got))
		}
	}
}

func TestCleanText(t *testing.T) {
	cases := []struct {
		name, in  string
		multiline bool
		wantErr   string
		want      string
	}{
		{"trims and collapses", "  Sockets   stop\tafter sleep  ", false, "", "Sockets stop after sleep"},
		{"newline in title", "line one\nline two", false, "control character", ""},
		{"NUL", "a\x00b title", false, "NUL", ""},
		{"invalid utf-8", "bad \xc3\x28 bytes", false, "invalid UTF-8", ""},
		{"bidi override is allowed text", "title with \u202e inside", false, "", "title with \u202e inside"},
		{"line separator", "title\u2028break", false, "control character", ""},
		{"too short", "short", false, "at least 8", ""},
		{"too long", strings.Repeat("x", 201), false, "at most 200", ""},
		{"body keeps newlines", "first line\r\nsecond line\rthird", true, "", "first line\nsecond line\nthird"},
		{"body bell", "ring \x07 the bell loudly", true, "control character", ""},
		{"empty body", " \n\t ", true, "is required", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := &ValidationError{}
			var got string
			if tc.multiline {
				got = cleanBody(v, "f", tc.in, 10, 100)
			} else {
				got = cleanTitle(v, "f", tc.in, 8, 200)
			}
			msg := v.Fields["f"]
			if tc.wantErr == "" {
				if msg != "" {
					t.Fatalf("unexpected error %q", msg)
				}
				if got != tc.want {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
				return
			}
			if !strings.Contains(msg, tc.wantErr) {
				t.Fatalf("error %q, want it to mention %q", msg, tc.wantErr)
			}
		})
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{Sort: SortViews, Desc: true, Key: 4711, ID: 99}
	got, err := DecodeCursor(c.Encode(), SortViews, true)
	if err != nil || *got != c {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	bad := []struct {
		token string
		sort  Sort
		desc  bool
	}{
		{c.Encode(), SortViews, false},
		{c.Encode(), SortBoosts, true},
		{"!!!", SortViews, true},
		{Cursor{Sort: SortViews, Desc: true, Key: 1, ID: 0}.Encode(), SortViews, true},
		{strings.Repeat("A", 200), SortViews, true},
	}
	for _, b := range bad {
		if _, err := DecodeCursor(b.token, b.sort, b.desc); err == nil {
			t.Errorf("DecodeCursor(%q, %s, %v) accepted", b.token, b.sort, b.desc)
		}
	}
}
