import Testing
@testable import IPAuditKit

@Suite("HTML builder: escaping by construction")
struct HTMLNodeTests {
    @Test("Text cannot open a tag or an entity")
    func textEscaped() {
        let html = HTMLNode.el("p", text: "<script>alert(1)</script> & &amp; \"q\"").render()
        #expect(html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &amp;amp; \"q\"</p>")
    }

    @Test("Attribute values cannot close their quotes")
    func attributeEscaped() {
        let html = HTMLNode.el("div", [HTMLAttribute("data-zone", "\"><img src=x onerror=alert(1)>'")]).render()
        #expect(html == "<div data-zone=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;\"></div>")
    }

    @Test("SVG text (a <title>) is escaped the same way; empty SVG elements self-close")
    func svg() {
        let html = HTMLNode.svg("g", [], [.svg("rect", [HTMLAttribute("x", "1")], [.svg("title", [], [.text("</title><script>")])]),
                                          .svg("rect", [HTMLAttribute("x", "2")])]).render()
        #expect(html == "<g><rect x=\"1\"><title>&lt;/title&gt;&lt;script&gt;</title></rect><rect x=\"2\"/></g>")
    }

    @Test("Void HTML elements have no closing tag; boolean attributes have no value; NUL is replaced")
    func voidAndFlags() {
        #expect(HTMLNode.el("input", [HTMLAttribute("name", "text"), .flag("hidden")]).render() == "<input name=\"text\" hidden>")
        #expect(HTMLNode.el("p", text: "a\u{0}b").render() == "<p>a\u{FFFD}b</p>")
    }

    @Test("Cells, rows and list items leave out the end tags HTML lets out; other elements close")
    func optionalEndTags() {
        let table = HTMLNode.el("tbody", [.el("tr", [.el("td", text: "a<"), .el("td", [], [.el("details", [], [.el("summary", text: "s")])])]),
                                          .el("tr", [.el("td", text: "b")])]).render()
        #expect(table == "<tbody><tr><td>a&lt;<td><details><summary>s</summary></details><tr><td>b</tbody>")
    }

    @Test("The page's own style and script carry no closing tag of their element")
    func assets() {
        #expect(!ReportAssets.css.description.lowercased().contains("</style"))
        #expect(!ReportAssets.script.description.lowercased().contains("</script"))
    }
}
