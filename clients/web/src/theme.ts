import { useEffect, useState } from "react";

export type Theme = "light" | "dark";
const KEY = "waqup.theme";

function systemTheme(): Theme {
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** The colour scheme: the system's until the person picks one with the toggle (then kept on this device). */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [chosen, setChosen] = useState<Theme | null>(() => (localStorage.getItem(KEY) as Theme | null) ?? null);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const mq = matchMedia("(prefers-color-scheme: dark)");
    const on = () => setSystem(mq.matches ? "dark" : "light");
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  const theme = chosen ?? system;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.querySelector('meta[name="theme-color"]')?.setAttribute("content", theme === "dark" ? "#0f1b26" : "#f3efe8");
  }, [theme]);
  const set = (t: Theme) => {
    localStorage.setItem(KEY, t);
    setChosen(t);
  };
  return [theme, set];
}
