// github.com/rs/cors (go get github.com/rs/cors): in main(), wrap your router so every request, the
// OPTIONS preflight included, reaches it before any auth middleware.
import "github.com/rs/cors"

c := cors.New(cors.Options{
	AllowedOrigins:   []string{"https://app.example.com"},
	AllowCredentials: true,
})
log.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))
