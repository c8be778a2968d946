// Package clean is the cleaning job for a whole list of addresses typed by
// people (a land, police or postal office's CSV): every row is read with
// [address.ParseWith], checked and converted, and written back with the
// input's columns first, unchanged, then the columns of [AddedColumns].
//
// Decisions, the same for every runner of the job:
//   - Added columns: the parts read (house number, street type and name),
//     the units with their codes and version, the [address.Official] and
//     [address.Legacy] forms, the postcode of the 2025 commune
//     ([postal.ForCommune]; none for a legacy commune that was split),
//     status, confidence, the candidates of an ambiguous row, the repairs,
//     the text not understood, duplicate_of and error.
//   - Status is that of [address.Address.Status] (ok, implied, ambiguous,
//     partial, unknown), or error for a row that cannot be read: wrong number
//     of cells (extra cells are quoted in the reason, not dropped), invalid
//     UTF-8, a NUL byte, an empty address or one longer than
//     [address.MaxAddressLength], or a [RowError] of the [Reader].
//   - Bad rows stay in place, as error rows with their reason: the output
//     has one row per input row, and invalid bytes are written as they were.
//   - Duplicates: ok and implied rows with a street or a house number get a
//     [Row.Key], a hash of the 2025 commune, house number, alleys, street and
//     place names folded; [Dedup] points each later row to the first.
package clean
