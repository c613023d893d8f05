from innovex.cli import app

app(prog_name="innovex")
