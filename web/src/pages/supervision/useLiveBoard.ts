import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { ApiError } from '../../api/client';
import type { Board } from '../../api/supervision';
import { openSocket, request } from '../../chat/socket';
import type { ChatMessage } from '../../chat/types';

export interface LiveBoard {
  board: Board | null;
  /** Seconds from a server instant to now, read against the board's own clock (the browser's may be off). */
  since(at: string | null | undefined, now: number): number | null;
  connection: 'connecting' | 'online' | 'offline';
  error: ApiError | null;
  /** Messages of a watched conversation as they are written (read-only: nothing is ever sent). */
  watch(conversationId: number, onMessage: (m: ChatMessage) => void): () => void;
}

/**
 * The supervisors' room (`supervisors:{shop}`) over the /agent socket: the board comes at once on joining and again
 * whenever something on it changes; after a dropped connection it joins again and gets the board as it is now.
 */
export function useLiveBoard(): LiveBoard {
  const [board, setBoardState] = useState<Board | null>(null);
  const received = useRef(0);
  const setBoard = (b: Board) => {
    received.current = Date.now();
    setBoardState(b);
  };
  const [connection, setConnection] = useState<LiveBoard['connection']>('connecting');
  const [error, setError] = useState<ApiError | null>(null);
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = openSocket('/agent');
    socketRef.current = socket;
    socket.on('connect', () => {
      setConnection('online');
      request<{ board: Board }>(socket, 'supervision:join')
        .then((r) => {
          setError(null);
          setBoard(r.board);
        })
        .catch((err: ApiError) => setError(err));
    });
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('supervision:board', (b: Board) => setBoard(b));
    return () => {
      socket.emit('supervision:leave', {});
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  function watch(conversationId: number, onMessage: (m: ChatMessage) => void) {
    const socket = socketRef.current;
    if (!socket) return () => {};
    const listener = (m: ChatMessage) => {
      if (m.conversation_id === conversationId) onMessage(m);
    };
    socket.on('message', listener);
    void request(socket, 'watch', { conversation_id: conversationId }).catch(() => {});
    return () => {
      socket.off('message', listener);
      void request(socket, 'unwatch', { conversation_id: conversationId }).catch(() => {});
    };
  }

  function since(at: string | null | undefined, now: number) {
    if (!at || !board) return null;
    return Math.max(0, Math.round((Date.parse(board.generated_at) - Date.parse(at) + now - received.current) / 1000));
  }

  return { board, connection, error, watch, since };
}
