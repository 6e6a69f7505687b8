"""A refusal a person can act on: a plain-language message and its 4xx status."""


class Refused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
