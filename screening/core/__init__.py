"""The core: the questionnaire, answers, rules and engine. Answers in, plan out; no terminal, no
web page, no file written."""
