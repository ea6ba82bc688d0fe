package demo

// docs is the root of the fictional platform documentation site.
const docs = "https://docs.corvid.example/"

func topics() []Topic {
	return []Topic{
		{
			Title:       "App & System Services",
			Slug:        "app-system-services",
			Description: "The system frameworks your app talks to: the network stack, background execution, notifications, storage and privacy.",
			Subtopics: []Subtopic{
				{
					Title:       "Networking",
					Slug:        "networking",
					Description: "Connections, listeners and HTTP loading with NetPath and FetchSession, packet-level work with NetExtension providers, and peer-to-peer Wi-Fi with NeighborLink.",
					DocsTitle:   "Networking documentation",
					DocsURL:     docs + "networking/",
				},
				{
					Title:       "Background Tasks",
					Slug:        "background-tasks",
					Description: "Scheduling work with TaskScheduler: refresh tasks, long-running processing tasks and how the system decides when they run.",
					DocsTitle:   "TaskScheduler documentation",
					DocsURL:     docs + "task-scheduler/",
				},
				{
					Title:       "Notifications",
					Slug:        "notifications",
					Description: "Local and remote notifications with NoticeKit and the Lumen Push Relay service, including service extensions and silent pushes.",
					DocsTitle:   "NoticeKit documentation",
					DocsURL:     docs + "noticekit/",
				},
				{
					Title:       "Storage & Files",
					Slug:        "storage-files",
					Description: "The VaultFS file system, app containers, shared groups and FileBridge providers. Questions about databases on device belong here too.",
					DocsTitle:   "VaultFS and FileBridge documentation",
					DocsURL:     docs + "storage/",
				},
				{
					Title:       "Privacy & Security",
					Slug:        "privacy-security",
					Description: "Grants and permission prompts, KeyVault, code sealing and privacy manifests.",
					DocsTitle:   "Privacy and security guide",
					DocsURL:     docs + "security/",
				},
			},
		},
		{
			Title:       "Developer Tools & Services",
			Slug:        "developer-tools",
			Description: "Building, debugging and shipping: Lumen Studio, the forge build system, Tracer and the Perch package registry.",
			Subtopics: []Subtopic{
				{
					Title:       "Build System",
					Slug:        "build-system",
					Description: "forge, Forgefile.yaml, toolchains, linking and continuous integration. Include the full build log when you ask about a failure.",
					DocsTitle:   "forge build system reference",
					DocsURL:     docs + "tools/forge/",
				},
				{
					Title:       "Debugging & Profiling",
					Slug:        "debugging-profiling",
					Description: "Crash reports, symbolication, the unified log and performance work with Tracer.",
					DocsTitle:   "Debugging and profiling guide",
					DocsURL:     docs + "tools/debugging/",
				},
				{
					Title:       "Package Registry",
					Slug:        "package-registry",
					Description: "Publishing and consuming packages on Perch: versions, namespaces, signing and mirrors.",
					DocsTitle:   "Perch registry handbook",
					DocsURL:     docs + "tools/perch/",
				},
			},
		},
		{
			Title:       "Accessories & Hardware",
			Slug:        "accessories-hardware",
			Description: "Talking to hardware from Corvid OS apps: wireless accessories and on-device sensors.",
			Subtopics: []Subtopic{
				{
					Title:       "Wireless Accessories",
					Slug:        "wireless-accessories",
					Description: "Discovering, pairing and updating accessories with AccessoryLink over low-energy radio and Wi-Fi.",
					DocsTitle:   "AccessoryLink documentation",
					DocsURL:     docs + "accessorylink/",
				},
				{
					Title:       "Sensors",
					Slug:        "sensors",
					Description: "Motion, environment and health sensors through SensorHub: sampling rates, batching and calibration.",
					DocsTitle:   "SensorHub documentation",
					DocsURL:     docs + "sensorhub/",
				},
			},
		},
		{
			Title:       "Community",
			Slug:        "community",
			Description: "Everything about these forums themselves.",
			Subtopics: []Subtopic{
				{
					Title:       "Forum Feedback",
					Slug:        "forum-feedback",
					Description: "Suggestions, bug reports and questions about how the forums work. Be kind; the forum team reads everything.",
					DocsTitle:   "Forum guidelines",
					DocsURL:     "https://developer.corvid.example/forums/guidelines",
				},
			},
		},
	}
}
