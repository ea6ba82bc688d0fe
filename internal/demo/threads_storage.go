package demo

// storageFiles covers VaultFS, containers and FileBridge providers.
func storageFiles() []Thread {
	return []Thread{
		{
			Subtopic:   "storage-files",
			Title:      "FileBridge provider fails with EMFILE (errno 24, “Too many open files”) after syncing about 2,000 items",
			Author:     "bytewrangler",
			Tags:       []string{"vaultfs", "performance", "rust"},
			AgeMinutes: 7*day + 9*hour + 3,
			Views:      1124,
			BoostedBy:  []string{"arvid_n", "mateo_r", "ghost_in_the_mesh", "kestrel_dev", "tcp_tomas"},
			Body: `
Our FileBridge provider (written in Rust) mirrors a remote document store into the Files app. Initial sync of a small folder is fine, but on accounts with more than ~2,000 items the provider starts failing every operation with ‵EMFILE‵ and the Files app shows “The operation couldn't be completed” on everything.

**Environment:** Corvid OS 26.4.2, Lumen Slate Air and Notebook 14. Provider built with the ‵corvid-filebridge‵ crate 0.9.

**Log** (from ‵clog stream --process FileBridgeExt‵):

‵‵‵console
2026-05-08 13:20:44.917355 +0200 FileBridgeExt[2710:6e02] [com.example.docsync.bridge:enumerate] enumerating container=<FBItemID root/Projects/2026> page=41 items=50 cursor=<private> open-fds=252 soft-limit=256 hard-limit=unlimited
2026-05-08 13:20:44.931802 +0200 FileBridgeExt[2710:6e02] [com.example.docsync.bridge:materialize] failed to open staging file /vault/user/501/containers/com.example.docsync/FileBridge/4C1D9A22-7E13-4B58-A0F6-11D2C85E9B3A/staging/Q3-forecast.numbers.partial: Os { code: 24, kind: Uncategorized, message: "Too many open files" } while materializing item=<FBItemID doc-88213> size=1843302 attempt=1/3 owner=samuel.oduya@example.com
2026-05-08 13:20:44.932010 +0200 fileproviderd[301:1c4] [com.example.docsync.bridge] provider returned Error Domain=FBErrorDomain Code=-1004 "The provider could not complete the operation." UserInfo={CVUnderlyingError=0x600002a1c4e0 {Error Domain=CVPOSIXErrorDomain Code=24 "Too many open files"}, FBItemIdentifier=doc-88213}
‵‵‵

‵open-fds‵ only ever goes up. We do close our staging files. I'm not sure what else holds descriptors open.
`,
			Replies: []Reply{
				{
					Author:       "arvid_n",
					AfterMinutes: 50,
					Body: `
Quick check: ‵lsof -p <pid>‵ on the Notebook while it's stuck. It will tell you what kind of descriptors they are; that usually points straight at the culprit.
`,
				},
				{
					Author:       "bytewrangler",
					AfterMinutes: 3*hour + 12,
					Body: `
~230 of them are directories under ‵.../FileBridge/<uuid>/thumbnails/‵. We use ‵std::fs::read_dir‵ there to find stale thumbnails… and keep the iterator in a struct per enumerated container.
`,
				},
				{
					Author:       "dmitri_fw",
					AfterMinutes: 5*hour + 2,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"bytewrangler", "arvid_n", "mateo_r", "oskar_dts"},
					Body: `
There's your leak. A ‵ReadDir‵ holds an open directory descriptor until it is dropped, and enumerators in a FileBridge provider live as long as the Files app keeps the folder on screen — or longer, if the system keeps them for change tracking. With 256 descriptors per extension you run out quickly.

Collect what you need and drop the iterator straight away:

‵‵‵rust
fn stale_thumbnails(dir: &Path, older_than: SystemTime) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for entry in fs::read_dir(dir)? {              // iterator dropped at end of loop
        let entry = entry?;
        if entry.metadata()?.modified()? < older_than {
            stale.push(entry.path());
        }
    }
    Ok(stale)
}
‵‵‵

Please don't just raise the soft limit with ‵setrlimit‵. Extensions run under a fixed budget, and raising the limit only moves the failure to the next account that has 20,000 items.
`,
				},
				{
					Author:       "bytewrangler",
					AfterMinutes: 1*day + 6*hour,
					BoostedBy:    []string{"dmitri_fw"},
					Body: `
Fixed, and a 14,000-item account synced overnight with ‵open-fds‵ never above 40. Thanks!
`,
				},
				{
					Author:       "kestrel_dev",
					AfterMinutes: 2*day + 2*hour,
					Body: `
Saving this thread. Same pattern bit us in Kotlin with ‵Files.newDirectoryStream‵ not wrapped in ‵use {}‵.
`,
				},
			},
		},
		{
			Subtopic:   "storage-files",
			Title:      "Is rename() atomic on VaultFS when source and destination are in different app group containers?",
			Author:     "arvid_n",
			Tags:       []string{"vaultfs", "c"},
			AgeMinutes: 15*day + 4*hour,
			Views:      183,
			BoostedBy:  []string{"bytewrangler"},
			Body: `
Our app writes a database snapshot to a temporary file in its own container, then ‵rename()‵s it into the shared group container so the widget can read it. Does VaultFS guarantee this is atomic, or can the widget see a half-written file?

‵‵‵c
int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
write_snapshot(fd);
fsync(fd);
close(fd);
if (rename(tmp_path, shared_path) != 0) {
    perror("rename");   /* sometimes EXDEV on the simulator */
}
‵‵‵
`,
			Replies: []Reply{
				{
					Author:       "dmitri_fw",
					AfterMinutes: 1*day + 1*hour,
					Recommended:  true,
					BoostedBy:    []string{"arvid_n", "bytewrangler"},
					Body: `
On a device, all containers live on the same VaultFS volume, so ‵rename()‵ is atomic and readers see either the old file or the new one. The simulator maps containers onto the host's file system, where they can be on different volumes, hence your occasional ‵EXDEV‵.

Make it correct everywhere by creating the temporary file *inside* the destination directory (or in ‵<group>/.tmp‵) so source and destination are always on the same volume.
`,
				},
			},
		},
		{
			Subtopic:   "storage-files",
			Title:      "Files in my Caches folder disappear overnight on the Slate Air",
			Author:     "olivia_c",
			Tags:       []string{"vaultfs"},
			AgeMinutes: 3*hour + 20,
			Views:      64,
			Body: `
My drawing app stores brush textures (about 800 MB) in ‵Library/Caches‵ because they can be re-downloaded. Several testers say the app re-downloads everything in the morning. Is the system deleting caches overnight? The device has 9 GB free, so it isn't low on space.
`,
			Replies: []Reply{
				{
					Author:       "svetlana_k",
					AfterMinutes: 1*hour + 5,
					Body: `
“Free” as the Settings screen shows it includes purgeable space, so the device might actually be tighter than 9 GB. Caches are the first thing the system purges, and it does it while charging overnight.
`,
				},
				{
					Author:       "amara_support",
					AfterMinutes: 2*hour + 40,
					BoostedBy:    []string{"olivia_c", "svetlana_k"},
					Body: `
Svetlana is right. If re-downloading is expensive for your users, store the textures in ‵Library/Application Support‵ and mark them as excluded from backup instead; the system won't purge that. Keep ‵Caches‵ for things that are genuinely cheap to recreate.
`,
				},
			},
		},
		{
			Subtopic:   "storage-files",
			Title:      "Sharing an SQLite database between the app and its widget: “database is locked” (SQLITE_BUSY)",
			Author:     "mateo_r",
			Tags:       []string{"vaultfs", "performance", "kotlin"},
			AgeMinutes: 11*day + 7*hour + 26,
			Views:      761,
			BoostedBy:  []string{"noor_apps", "olivia_c", "arvid_n"},
			Body: `
App and widget extension open the same SQLite file in the group container. Every few hours the widget fails to refresh with ‵SQLITE_BUSY: database is locked‵, usually while the app is syncing in the background.

‵‵‵kotlin
val db = SQLiteDatabase.openDatabase(
    groupContainer.resolve("store.sqlite").path, null, SQLiteDatabase.OPEN_READWRITE
)
‵‵‵

Corvid OS 26.4.2, Pocket 7. Should the widget even be writing?
`,
			Replies: []Reply{
				{
					Author:       "kestrel_dev",
					AfterMinutes: 40,
					Accepted:     true,
					BoostedBy:    []string{"mateo_r", "noor_apps", "arvid_n", "dmitri_fw"},
					Body: `
Three things fixed this for us:

1. Switch to WAL: ‵PRAGMA journal_mode=WAL;‵ — readers no longer block on the writer.
2. Set a busy timeout on *both* sides: ‵PRAGMA busy_timeout=3000;‵
3. Open the database read-only in the widget. It should never need to write.

With WAL, make sure the ‵-wal‵ and ‵-shm‵ files live next to the database in the group container too (they will if you don't move anything by hand).
`,
				},
				{
					Author:       "mateo_r",
					AfterMinutes: 3*hour + 10,
					Body: `
WAL + read-only widget. No more failures in two days of testing. Thank you!
`,
				},
				{
					Author:       "dmitri_fw",
					AfterMinutes: 1*day + 1*hour,
					BoostedBy:    []string{"kestrel_dev"},
					Body: `
Good advice above. One more platform-specific point: if the app holds a write transaction when it is suspended, the system will kill it to release the lock (you'll see termination reason ‵FILE_LOCK_HELD (0x4c0c4ed1)‵ in the crash report). Keep background write transactions short.
`,
				},
				{
					Author:       "noor_apps",
					AfterMinutes: 2*day + 3*hour,
					Body: `
Thanks for asking this, we had exactly the same problem with our widget.
`,
				},
			},
		},
	}
}
