import Testing

/// What an exit test's child process wrote to standard error, as text: the message a
/// misuse test looks for. Empty when the expectation failed and there is no result.
func standardError(of result: ExitTest.Result?) -> String {
  String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
