package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The vocabulary is deliberately developer-flavoured so search benchmarks
// query the kinds of words people really type.
var (
	nouns    = strings.Fields("connection socket listener path monitor session upload download cache queue timer task notification keychain certificate proxy tunnel filter extension daemon buffer descriptor thread process signal build linker package registry sensor accessory pairing bluetooth wifi interface route resolver query index migration schema backup sync token crash panic leak profile trace log entitlement sandbox bundle manifest")
	verbs    = strings.Fields("fails crashes hangs leaks stalls times out returns ignores drops resets retries blocks rejects duplicates corrupts stops restarts")
	adjs     = strings.Fields("background intermittent random global silent slow large concurrent stale missing unexpected invalid expired nested cached offline")
	prefixes = strings.Fields("Net Flow Path Fetch Notice Vault File Key Task Sensor Accessory Link Relay Tunnel Trace Build")
	suffixes = strings.Fields("Provider Monitor Session Manager Controller Delegate Configuration Request Response Listener Descriptor Evaluator")
	errs     = strings.Fields("EMFILE ENOMEM ETIMEDOUT ECONNRESET EPIPE EACCES ENOENT EAGAIN")
	files    = strings.Fields("skbuf_slab.c path_eval.c flow_divert.c tcp_input.c dns_cache.c vault_io.c task_sched.c")
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func identifier(r *rand.Rand) string {
	return pick(r, prefixes) + pick(r, nouns[:20]) + pick(r, suffixes)
}

func title(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s %s after %s %s", identifier(r), pick(r, verbs), pick(r, adjs), pick(r, nouns))
	case 1:
		n := pick(r, nouns)
		return fmt.Sprintf("%s when the %s %s (%s)", strings.ToUpper(n[:1])+n[1:], pick(r, nouns), pick(r, verbs), pick(r, errs))
	case 2:
		return fmt.Sprintf("Error Domain=%sErrorDomain Code=%d on %s %d.%d", pick(r, prefixes), 100+r.IntN(900), pick(r, nouns), 20+r.IntN(7), r.IntN(6))
	}
	return fmt.Sprintf("How do I keep a %s %s from %s in the %s?", pick(r, adjs), pick(r, nouns), pick(r, verbs), pick(r, nouns))
}

func sentence(r *rand.Rand) string {
	return fmt.Sprintf("The %s %s %s whenever the %s %s, and `%s` %s.", pick(r, adjs), pick(r, nouns), pick(r, verbs),
		pick(r, nouns), pick(r, verbs), identifier(r), pick(r, verbs))
}

func paragraph(r *rand.Rand, n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = sentence(r)
	}
	return strings.Join(s, " ")
}

func logLines(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "2026-%02d-%02d %02d:%02d:%02d.%06d -0700 %sd[0x%x] %s: %s %s (%s:%d) errno %d\n", 1+r.IntN(12), 1+r.IntN(28),
			r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1e6), pick(r, nouns), 0x100000000+r.Int64N(1<<32), identifier(r),
			pick(r, verbs), strings.Repeat(pick(r, nouns)+"=<private> ", 1+r.IntN(12)), pick(r, files), 1+r.IntN(4000), 1+r.IntN(100))
	}
	return b.String()
}

// question writes an opening post: a summary, often code, sometimes a log.
func question(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(paragraph(r, 2+r.IntN(3)))
	b.WriteString("\n\n")
	if r.IntN(3) > 0 {
		fmt.Fprintf(&b, "```swift\nlet monitor = %s()\nmonitor.%sHandler = { state in\n    print(state) // %s\n}\nmonitor.start(queue: .main)\n```\n\n", identifier(r), pick(r, nouns), pick(r, verbs))
	}
	if r.IntN(4) == 0 {
		b.WriteString("```text\n" + logLines(r, 3+r.IntN(10)) + "```\n\n")
	}
	b.WriteString(paragraph(r, 1+r.IntN(2)))
	b.WriteString(" Seen first in build " + slot + ".")
	return b.String()
}

// reply writes an answer: mostly short prose, sometimes with code.
func reply(r *rand.Rand) string {
	s := paragraph(r, 1+r.IntN(3)) + " Tracked as case " + slot + "."
	if r.IntN(5) == 0 {
		s += fmt.Sprintf("\n\n```go\nif err := %s.Start(ctx); err != nil {\n\treturn fmt.Errorf(\"start %s: %%w\", err)\n}\n```", strings.ToLower(pick(r, nouns)), pick(r, nouns))
	}
	return s
}
