package markup

import (
	"strings"
	"testing"
)

// benchLog is a pasted system log with the private data real ones carry.
var benchLog = strings.Join([]string{
	"2026-04-27 20:34:43.565424+0200 0x1a2b3c   Default     0x0   412    0    MyApp: (CFNetwork) [com.apple.CFNetwork:Summary] Task <E621E1F8-C36C-495A-93FC-0C247A3E6E5F>.<1> summary for task success {transaction_duration_ms=312, response_status=200, connection=12, protocol=\"h2\", domain_lookup_duration_ms=4, connect_duration_ms=0, secure_connection_duration_ms=0, private_relay=false, request_start_ms=0, request_duration_ms=0, response_start_ms=310, response_duration_ms=2, request_bytes=512, response_bytes=2048, cache_hit=false}",
	"2026-04-27 20:34:43.601112+0200 0x1a2b3c   Error       0x0   412    0    MyApp: (Network) nw_endpoint_flow_failed_with_error [C12 10.0.1.23:443 tcp, url: https://api.example.com/v1/items, definite, attribution: developer] failed due to error: Connection refused, local endpoint fe80::1c2d:3e4f:5a6b:7c8d%en0.52311",
	"2026-04-27 20:34:43.612000+0200 0x1a2b3c   Info        0x0   412    0    MyApp: signed in as jane.appleseed@example.com with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
	"2026-04-27 20:34:43.700000+0200 0x1a2b3c   Fault       0x0   412    0    MyApp: skmem_slab.c:123 object 0x100a7ee60 double free; wifi mac 3c:22:fb:01:aa:9e; build 26.4.2 (25E5223a); api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
}, "\n")

// benchPost is a realistic ~5 KB forum post: prose, a code block, a long
// pasted log line and a table.
var benchPost = `# App crashes when resuming from background

After updating to **iOS 26.4.2** my app crashes on resume about one time in five.
It only happens on device, never in the simulator. I've attached the relevant
code and a log excerpt; see also [the earlier thread](/t/1234) and
https://developer.example.com/documentation/uikit/app_and_environment.

## Code

` + "```swift" + `
@MainActor
final class SessionStore: ObservableObject {
    @Published private(set) var items: [Item] = []
    private var task: Task<Void, Never>?

    func resume() {
        task?.cancel()
        task = Task { [weak self] in
            guard let self else { return }
            do {
                let fresh = try await API.shared.fetchItems(since: self.items.last?.date)
                self.items.append(contentsOf: fresh)
            } catch is CancellationError {
                // expected when the user backgrounds the app again
            } catch {
                Logger.session.error("fetch failed: \(error.localizedDescription, privacy: .public)")
            }
        }
    }
}
` + "```" + `

## Log

` + "```" + `
` + benchLog + `
` + "```" + `

Crash report (symbolicated):

` + "```" + `
Exception Type:  EXC_BAD_ACCESS (SIGSEGV)
Exception Subtype: KERN_INVALID_ADDRESS at 0x0000000000000010
Triggered by Thread:  0

Thread 0 Crashed:
0   libobjc.A.dylib               0x000000019a3e5f10 objc_msgSend + 16
1   MyApp                         0x0000000100a7ee60 SessionStore.resume() + 212 (SessionStore.swift:18)
2   MyApp                         0x0000000100a7f104 closure #1 in AppDelegate.sceneWillEnterForeground(_:) + 88
3   libdispatch.dylib             0x00000001a1b2c3d4 _dispatch_call_block_and_release + 32
4   libdispatch.dylib             0x00000001a1b2e5f6 _dispatch_client_callout + 20
5   libdispatch.dylib             0x00000001a1b3a7b8 _dispatch_main_queue_drain + 984
6   CoreFoundation                0x00000001a2c3d4e5 __CFRUNLOOP_IS_SERVICING_THE_MAIN_DISPATCH_QUEUE__ + 16
7   CoreFoundation                0x00000001a2c3e5f6 __CFRunLoopRun + 1992
8   GraphicsServices              0x00000001e3f4a5b6 GSEventRunModal + 164
9   UIKitCore                     0x00000001a4b5c6d7 -[UIApplication _run] + 888
10  MyApp                         0x0000000100a70000 main + 64 (MyApp.swift:12)
` + "```" + `

Things I tried:

- [x] Disabling background refresh
- [x] Running with the Thread Sanitizer (nothing reported)
- [ ] Reproducing on iOS 26.3

| Device | OS | Crashes |
|:-------|:--:|--------:|
| iPhone 16 Pro | 26.4.2 | 7 / 30 |
| iPad Air | 26.4.2 | 0 / 30 |

The crash is an EXC_BAD_ACCESS in <private> with ~~no~~ very little
symbol information. Any idea what ` + "`SessionStore.resume()`" + ` is doing wrong?
` + strings.Repeat("Additional context: the crash correlates with memory pressure warnings. ", 8)

func BenchmarkRender(b *testing.B) {
	r := New()
	b.SetBytes(int64(len(benchPost)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(benchPost); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainText(b *testing.B) {
	r := New()
	b.SetBytes(int64(len(benchPost)))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.PlainText(benchPost)
	}
}

func BenchmarkRedact(b *testing.B) {
	b.SetBytes(int64(len(benchPost)))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Redact(benchPost)
	}
}

func BenchmarkExcerpt(b *testing.B) {
	plain := New().PlainText(benchPost)
	b.ReportAllocs()
	for b.Loop() {
		_ = Excerpt(plain, 280)
	}
}

func TestBenchPostIsRealistic(t *testing.T) {
	if n := len(benchPost); n < 4500 || n > 6500 {
		t.Fatalf("benchPost is %d bytes, want about 5 KB", n)
	}
	_, n := Redact(benchLog)
	want := Redactions{KindIPv4: 1, KindIPv6: 1, KindEmail: 1, KindBearer: 1, KindMAC: 1, KindAPIKey: 1}
	for k, v := range want {
		if n[k] != v {
			t.Errorf("benchLog %s redactions = %d, want %d (all: %v)", k, n[k], v, n)
		}
	}
}
