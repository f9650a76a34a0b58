// Types of the virtual modules of @vite-pwa/sveltekit (used by the root layout and UpdatePrompt).
/// <reference types="vite-plugin-pwa/svelte" />
/// <reference types="vite-plugin-pwa/info" />
