/** One row of `DocumentList`: texts made by the page (amounts and dates on the server). */
export interface DocumentRow {
	href: string;
	title: string;
	amountText: string;
	detail: string;
}
