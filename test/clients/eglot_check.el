;;; eglot_check.el --- headless Emacs/eglot check of the QPP Lens server  -*- lexical-binding: t; -*-
;; Run: LSP_CMD="node dist/server.js --stdio" emacs --batch -l eglot_check.el FILE LINE COL
;; Opens FILE, waits for the server's diagnostics through flymake, prints them sorted, then the hover at LINE:COL
;; (1-based line, 0-based column).
(require 'eglot)
(require 'flymake)

(define-derived-mode qpp-entity-mode js-mode "QPP-Entity")
(define-derived-mode qpp-participation-mode text-mode "QPP-List")
(add-to-list 'auto-mode-alist '("\\.entity\\.json\\'" . qpp-entity-mode))
(add-to-list 'auto-mode-alist '("\\.participation\\.csv\\'" . qpp-participation-mode))
(add-to-list 'eglot-server-programs
             `((qpp-entity-mode qpp-participation-mode) . ,(split-string (or (getenv "LSP_CMD") "") " " t)))
(setq eglot-sync-connect 10
      eglot-events-buffer-size 0)

(let* ((file (nth 0 command-line-args-left))
       (line (string-to-number (nth 1 command-line-args-left)))
       (col (string-to-number (nth 2 command-line-args-left)))
       (out nil))
  (setq command-line-args-left nil)
  (find-file file)
  ;; eglot-ensure waits for post-command-hook, which never runs in batch mode: start the server directly.
  (apply #'eglot (eglot--guess-contact))
  (flymake-mode 1)
  (let ((deadline (+ (float-time) 15)))
    (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
      (flymake-start)
      (accept-process-output nil 0.1)))
  (push "diagnostics:" out)
  (dolist (d (sort (flymake-diagnostics)
                   (lambda (a b) (or (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))
                                     (and (= (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))
                                          (string< (flymake-diagnostic-text a) (flymake-diagnostic-text b)))))))
    (let ((beg (flymake-diagnostic-beg d)))
      (push (format "  %d:%d %s %s"
                    (line-number-at-pos beg)
                    (save-excursion (goto-char beg) (1+ (current-column)))
                    (flymake-diagnostic-type d)
                    (flymake-diagnostic-text d))
            out)))
  (goto-char (point-min))
  (forward-line (1- line))
  (forward-char col)
  (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
         (contents (plist-get result :contents)))
    (push "hover:" out)
    (push (if (stringp contents) contents (plist-get contents :value)) out))
  (princ (concat (mapconcat #'identity (nreverse out) "\n") "\n"))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs 0))
