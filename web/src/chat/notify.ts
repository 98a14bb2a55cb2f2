/**
 * Tells an agent whose tab is hidden that something arrived: a system notification (when allowed) and a short chime
 * made with Web Audio, so no sound file has to load.
 */
let audio: AudioContext | undefined;

export function askNotificationPermission() {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
}

export function chime() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.2);
    }
  } catch {
    // no audio device: the notification still shows
  }
}

/** Only when the agent is looking elsewhere; one notification per conversation replaces the previous one. */
export function notifyHidden(title: string, body: string, tag: string, onClick?: () => void) {
  if (!document.hidden) return false;
  chime();
  if ('Notification' in window && Notification.permission === 'granted') {
    const n = new Notification(title, { body, tag, icon: '/favicon.svg' });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
  }
  return true;
}
