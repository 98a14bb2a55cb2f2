import { createContext, useContext } from 'react';
import type { AgentChat } from '../../chat/agent-chat';

/** What the workbench's panes share: the live chat, and a way for the side panes to put text in the composer. */
export interface Workbench {
  chat: AgentChat;
  insert: (text: string) => void;
  setComposer: (insert: ((text: string) => void) | null) => void;
}

export const WorkbenchContext = createContext<Workbench | null>(null);

export function useWorkbench() {
  const w = useContext(WorkbenchContext);
  if (!w) throw new Error('useWorkbench outside the workbench');
  return w;
}
