"""Things the village office prints: the reporter's receipt (tanda terima) and the desa's
poster of its complaint channels. PDF drawing lives here, never in views; the views under
`printables/api/` only find what may be printed and return the file."""
