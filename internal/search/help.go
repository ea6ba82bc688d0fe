package search

// HelpMarkdown explains the search syntax to users. The search page renders
// it; keep it in step with Parse.
const HelpMarkdown = "## Searching\n" +
	"\n" +
	"Type words, error messages or API names. Every word must appear in a post for it to match; " +
	"case doesn't matter, and words must match whole (`filter` finds *filter*, not *filters*).\n" +
	"\n" +
	"Code is understood in pieces, so you don't need the exact spelling:\n" +
	"\n" +
	"| You type | It finds |\n" +
	"| --- | --- |\n" +
	"| `FlowFilterProvider`, `flowfilterprovider`, `FilterProvider`, `filter provider` | `FlowFilterProvider` |\n" +
	"| `nw_path_evaluator_start`, `path_evaluator`, `path evaluator` | `nw_path_evaluator_start` |\n" +
	"| `com.corvid.network.helper`, `corvid.network` | `com.corvid.network.helper` |\n" +
	"| `Code=450`, `code 450` | `Error Domain=CVAccessoryErrorDomain Code=450` |\n" +
	"| `errno=24`, `errno 24` | `errno: 24`, `errno=24` |\n" +
	"\n" +
	"A word with punctuation inside, like `Code=450` or `skbuf_slab.c`, matches only when its pieces " +
	"appear together and in that order.\n" +
	"\n" +
	"### Phrases and exclusions\n" +
	"\n" +
	"| Syntax | Meaning | Example |\n" +
	"| --- | --- | --- |\n" +
	"| `\"…\"` | these words together, in this order | `\"too many open files\"` |\n" +
	"| `-word` | leave out posts containing the word | `crash -simulator` |\n" +
	"| `-\"…\"` | leave out posts containing the phrase | `EMFILE -\"file descriptor\"` |\n" +
	"\n" +
	"A search needs at least one word to look for or one filter; excluded words alone aren't enough. " +
	"A `-` that is not followed by a letter or a quote is searched as text, so `--verbose` and `-1` work.\n" +
	"\n" +
	"### Filters\n" +
	"\n" +
	"| Filter | Finds | Example |\n" +
	"| --- | --- | --- |\n" +
	"| `tag:` | threads with the tag; repeat it or separate tags with commas to require several | `tag:swift`, `tag:swift,kotlin` |\n" +
	"| `subtopic:` | threads in one subtopic | `subtopic:networking` |\n" +
	"| `user:` | posts by one person | `user:alice` |\n" +
	"| `is:solved` | threads with an accepted or recommended answer | `EMFILE is:solved` |\n" +
	"| `is:unanswered` | threads nobody has replied to yet | `tag:kotlin is:unanswered` |\n" +
	"| `is:recommended` | threads with a reply recommended by staff | `is:recommended URLSession` |\n" +
	"| `boosts:` | posts with more than (`>5`) or at least (`>=5` or `5`) that many boosts | `boosts:>10` |\n" +
	"| `after:` | posts from that day on (the day itself included) | `after:2026-01-01` |\n" +
	"| `before:` | posts from before that day (the day itself left out) | `before:2026-04-27` |\n" +
	"| `sort:` | order results by `relevance` (the default), `latest` or `boosts` | `sort:latest` |\n" +
	"\n" +
	"Dates are written `YYYY-MM-DD` and count in UTC; `after:2026-04-01 before:2026-04-02` is the first of April. " +
	"Filter names may be written in any case. Each filter except `tag:` and `is:` may appear once.\n" +
	"\n" +
	"### Pasting errors\n" +
	"\n" +
	"Text such as `error:`, `std::vector`, `http://example.com` or `errno:24` is searched as text, not read as a filter. " +
	"If something is mistaken for a filter, put it in quotes: `\"lang:swift\"`.\n" +
	"\n" +
	"A search can be up to 500 characters long (spaces aside) and have up to 20 words or phrases.\n"
