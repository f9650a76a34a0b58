// The pay page's copy buttons (the page itself has no JavaScript: this only adds the button).
// <button data-copy="<id>" data-copied="<text once copied>" hidden> copies #<id>'s text.
for (const button of document.querySelectorAll('button[data-copy]')) {
	const source = document.getElementById(button.dataset.copy);
	if (!source || !navigator.clipboard) continue;
	const label = button.textContent;
	button.hidden = false;
	button.addEventListener('click', async () => {
		try {
			await navigator.clipboard.writeText(source.textContent.trim());
			button.textContent = button.dataset.copied;
		} catch {
			// Not allowed here: the text stays selectable.
			button.textContent = label;
		}
	});
}
