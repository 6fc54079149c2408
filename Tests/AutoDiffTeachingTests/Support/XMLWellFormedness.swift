import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What parsing a document as XML found: whether it is well-formed, and the element
/// names in document order.
struct XMLCheck {
  var isWellFormed: Bool
  var error: String?
  var elements: [String]

  /// Parses `text` with Foundation's XMLParser (libxml2). The parser's result alone is
  /// not enough on Linux, where a failed parse can still return true: an error from
  /// the delegate or `parserError` also counts as failure.
  init(_ text: String) {
    let delegate = Delegate()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = delegate
    let succeeded = parser.parse()
    let error = delegate.error ?? parser.parserError
    isWellFormed = succeeded && error == nil
    self.error = error.map { "\($0)" }
    elements = delegate.elements
  }

  private final class Delegate: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var error: Error?

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      elements.append(elementName)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
      error = parseError
    }
  }
}
