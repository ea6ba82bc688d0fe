package demo

// Roles a demo account may have.
const (
	roleMember    = "member"
	roleStaff     = "staff"
	roleModerator = "moderator"
	roleAdmin     = "admin"
)

func users() []User {
	return []User{
		// Lumen Systems staff. Their replies carry a badge.
		{"oskar_dts", "Oskar Lindqvist-Hale", roleStaff, "Developer Technical Support", 1980},
		{"priya_net", "Priya Raghunathan", roleStaff, "Networking Engineer", 1410},
		{"dmitri_fw", "Dmitri Sokolov", roleStaff, "Frameworks Engineer", 1125},
		{"amara_support", "Amara Eze", roleStaff, "Support Engineer", 640},
		{"hiro_tools", "Hiroshi Tanabe", roleStaff, "Developer Tools Engineer", 870},

		// Forum team.
		{"june_mod", "June Halvorsen", roleModerator, "Moderator", 1530},
		{"forum_admin", "Forum Admin", roleAdmin, "Administrator", 2000},

		// Members.
		{"kestrel_dev", "Marta Kowalczyk", roleMember, "", 910},
		{"bytewrangler", "Sam Oduya", roleMember, "", 455},
		{"lena_builds", "Lena Fischer", roleMember, "", 1210},
		{"tcp_tomas", "Tomás Ibarra", roleMember, "", 730},
		{"noor_apps", "Noor Haddad", roleMember, "", 388},
		{"ghost_in_the_mesh", "Felix Brandt", roleMember, "", 1602},
		{"yuki_sensors", "Yuki Morimoto", roleMember, "", 266},
		{"chidi_o", "Chidi Okonkwo", roleMember, "", 142},
		{"arvid_n", "Arvid Nilsson", roleMember, "", 1044},
		{"wren_labs", "Wren Labs", roleMember, "", 512},
		{"pkt_capture", "Dana Whitfield", roleMember, "", 1377},
		{"olivia_c", "Olivia Chen", roleMember, "", 38},
		{"mateo_r", "Mateo Rossi", roleMember, "", 97},
		{"svetlana_k", "Svetlana Kuznetsova", roleMember, "", 603},
		{"devon_io", "Devon Parker", roleMember, "", 175},
		{"aiko_t", "Aiko Tanaka", roleMember, "", 329},
		{"rafael_m", "Rafael Mendes", roleMember, "", 1490},
		{"bram_vd", "Bram van Dijk", roleMember, "", 820},
		{"zoe_q", "Zoë Quint", roleMember, "", 10},
	}
}
