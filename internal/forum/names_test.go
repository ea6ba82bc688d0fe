package forum

import "testing"

// TestSkeleton pins which names count as the same: case, spacing,
// punctuation, accents, full-width forms, Cyrillic and Greek look-alikes
// and the digits people use for letters.
func TestSkeleton(t *testing.T) {
	same := [][2]string{
		{"Oskar Lind", "oskarlind"},
		{"Oskar Lind", "oskar_lind"},
		{"Oskar Lind", "OSKAR.LIND"},
		{"Oskar Lind", "0skar L1nd"},
		{"Oskar Lind", "Öskar Lïnd"},
		{"Oskar Lind", "Ｏｓｋａｒ Ｌｉｎｄ"}, // full width
		{"Oskar Lind", "Оskаr Lind"}, // Cyrillic О and а
		{"paypal", "рaypal"},         // Cyrillic р
		{"Anna", "Αnnα"},             // Greek Alpha and alpha
		{"support", "supp0rt"},
		{"admin", "adm1n"},
		{"admin", "Adm!n"},
		{"modern", "modem"}, // rn looks like m
		{"wendy", "vvendy"},
		{"ada", "a\u200bda"}, // zero-width space
		{"Sam Staff", "sam-staff"},
	}
	for _, p := range same {
		if Skeleton(p[0]) != Skeleton(p[1]) {
			t.Errorf("Skeleton(%q) = %q, Skeleton(%q) = %q: want equal", p[0], Skeleton(p[0]), p[1], Skeleton(p[1]))
		}
	}
	differ := [][2]string{
		{"Oskar", "Oscar"},
		{"ada", "adam"},
		{"stella", "stellan"},
		{"mona", "nona"},
	}
	for _, p := range differ {
		if Skeleton(p[0]) == Skeleton(p[1]) {
			t.Errorf("Skeleton(%q) = Skeleton(%q) = %q: want different", p[0], p[1], Skeleton(p[0]))
		}
	}
	if Skeleton("!!! ...") != "lll" {
		t.Errorf("punctuation that imitates letters: %q", Skeleton("!!! ..."))
	}
	if Skeleton(" .-_ ") != "" {
		t.Errorf("only punctuation: %q", Skeleton(" .-_ "))
	}
}

func TestReservedNames(t *testing.T) {
	s := NewService(Config{})
	s.SetForumName("Acme Developer Forums")
	for _, name := range []string{"admin", "Administrator", "s u p p o r t", "M0derator", "acme developer forums", "Acme-Developer-Forums"} {
		if !s.reservedName(name) {
			t.Errorf("%q is not reserved", name)
		}
	}
	for _, name := range []string{"adamant", "supporter", "acme"} {
		if s.reservedName(name) {
			t.Errorf("%q is reserved", name)
		}
	}
}

// TestCanManage is the table of account actions by role.
func TestCanManage(t *testing.T) {
	u := func(id int64, r Role) *User { return &User{ID: id, Role: r} }
	member, staff, mod, admin, admin2 := u(1, RoleMember), u(2, RoleStaff), u(3, RoleModerator), u(4, RoleAdmin), u(5, RoleAdmin)
	other := u(9, RoleMember)
	cases := []struct {
		actor  *User
		act    AccountAction
		target *User
		want   bool
	}{
		{nil, AcctView, nil, false},
		{member, AcctView, nil, false},
		{staff, AcctView, nil, true},
		{staff, AcctApprove, nil, true},
		{staff, AcctInvite, nil, true},
		{member, AcctInvite, nil, false},
		{staff, AcctSuspend, other, false},
		{mod, AcctSuspend, other, true},
		{mod, AcctSuspend, staff, true},
		{mod, AcctSuspend, u(8, RoleModerator), false},
		{mod, AcctSuspend, admin, false},
		{admin, AcctSuspend, admin2, true},
		{admin, AcctSuspend, admin, false},
		{mod, AcctSetRole, other, false},
		{admin, AcctSetRole, other, true},
		{admin, AcctSetRole, admin, true}, // the store keeps the last admin
		{mod, AcctDelete, other, false},
		{admin, AcctDelete, other, true},
		{admin, AcctDelete, admin2, false},
		{admin, AcctDelete, admin, false},
	}
	for _, c := range cases {
		if got := CanManage(c.actor, c.act, c.target); got != c.want {
			name := "nobody"
			if c.actor != nil {
				name = string(c.actor.Role)
			}
			t.Errorf("CanManage(%s, %s, %v) = %v, want %v", name, c.act, c.target, got, c.want)
		}
	}
}
