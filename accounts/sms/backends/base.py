class BaseSmsBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages) -> int:
        raise NotImplementedError
