package web

import "strings"

// describeUserAgent names the browser and system of a User-Agent header
// the way a session list shows them ("Chrome on macOS", "Safari on
// iPhone"). It knows the browsers and systems people sign in with and
// says "Unknown browser" for the rest; it is for the eye, never for a
// decision.
func describeUserAgent(ua string) string {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return "Unknown browser"
	}
	b, os := uaBrowser(ua), uaSystem(ua)
	switch {
	case b == "" && os == "":
		return "Unknown browser"
	case b == "":
		return "Browser on " + os
	case os == "":
		return b
	}
	return b + " on " + os
}

// uaBrowser checks tokens in an order that undoes the User-Agent
// history: every Chromium browser also says "Chrome" and "Safari", Chrome
// says "Safari", and Chrome on iOS says "CriOS" instead of "Chrome".
func uaBrowser(ua string) string {
	has := func(s string) bool { return strings.Contains(ua, s) }
	switch {
	case has("curl/"):
		return "curl"
	case has("Wget/"):
		return "Wget"
	case has("python-requests/"), has("Python-urllib/"), has("aiohttp/"):
		return "Python"
	case has("Go-http-client/"):
		return "Go HTTP client"
	case has("Edg/"), has("EdgA/"), has("EdgiOS/"), has("Edge/"):
		return "Edge"
	case has("OPR/"), has("Opera"), has("OPiOS/"):
		return "Opera"
	case has("SamsungBrowser/"):
		return "Samsung Internet"
	case has("Vivaldi/"):
		return "Vivaldi"
	case has("YaBrowser/"):
		return "Yandex Browser"
	case has("Firefox/"), has("FxiOS/"):
		return "Firefox"
	case has("CriOS/"), has("Chrome/"), has("Chromium/"), has("HeadlessChrome/"):
		return "Chrome"
	case has("Safari/") && has("Version/"), has("Mobile/") && has("AppleWebKit/"):
		return "Safari"
	case has("MSIE "), has("Trident/"):
		return "Internet Explorer"
	}
	return ""
}

// uaSystem names the operating system; iPads that ask for desktop pages
// say "Macintosh" and are shown as macOS, which is what they claim.
func uaSystem(ua string) string {
	has := func(s string) bool { return strings.Contains(ua, s) }
	switch {
	case has("iPhone"):
		return "iPhone"
	case has("iPad"):
		return "iPad"
	case has("Android"):
		return "Android"
	case has("CrOS"):
		return "ChromeOS"
	case has("Windows Phone"):
		return "Windows Phone"
	case has("Windows"):
		return "Windows"
	case has("Mac OS X"), has("Macintosh"):
		return "macOS"
	case has("Linux"), has("X11"):
		return "Linux"
	case has("FreeBSD"), has("OpenBSD"):
		return "BSD"
	}
	return ""
}
