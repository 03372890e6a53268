/// <reference types="vite/client" />
// Vite types for the renderer: CSS imports (`import "./nat.css"`) and import.meta.env.
